package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveredIdsTest {

  @Test
  void remembersDeliveriesPerReceiverAndIntegration() {
    DeliveredIds ids = new DeliveredIds(10);

    ids.add("sre", "webhook", "n-1");

    assertThat(ids.contains("sre", "webhook", "n-1")).isTrue();
    assertThat(ids.contains("sre", "log", "n-1")).isFalse();
    assertThat(ids.contains("sre", "webhook[1]", "n-1")).isFalse();
    assertThat(ids.contains("dba", "webhook", "n-1")).isFalse();
    assertThat(ids.contains("sre", "webhook", "n-2")).isFalse();
  }

  @Test
  void forgetsTheOldestIdsBeyondItsCapacity() {
    DeliveredIds ids = new DeliveredIds(2);

    ids.add("sre", "webhook", "n-1");
    ids.add("sre", "webhook", "n-2");
    ids.add("sre", "webhook", "n-3");

    assertThat(ids.contains("sre", "webhook", "n-1")).isFalse();
    assertThat(ids.contains("sre", "webhook", "n-2")).isTrue();
    assertThat(ids.contains("sre", "webhook", "n-3")).isTrue();
  }
}
