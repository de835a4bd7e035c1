package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveredIdsTest {

  @Test
  void remembersDeliveriesPerIntegration() {
    DeliveredIds ids = new DeliveredIds(10);

    ids.add("webhook", "n-1");

    assertThat(ids.contains("webhook", "n-1")).isTrue();
    assertThat(ids.contains("log", "n-1")).isFalse();
    assertThat(ids.contains("webhook", "n-2")).isFalse();
  }

  @Test
  void forgetsTheOldestIdsBeyondItsCapacity() {
    DeliveredIds ids = new DeliveredIds(2);

    ids.add("webhook", "n-1");
    ids.add("webhook", "n-2");
    ids.add("webhook", "n-3");

    assertThat(ids.contains("webhook", "n-1")).isFalse();
    assertThat(ids.contains("webhook", "n-2")).isTrue();
    assertThat(ids.contains("webhook", "n-3")).isTrue();
  }
}
