package dev.tocsin.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryOutcomeTest {

  @Test
  void everyOutcomeSaysWhyItCameToThat() {
    assertThat(DeliveryOutcome.delivered(202, "msg-42").reason()).isEqualTo("delivered");
    assertThat(DeliveryOutcome.retryable("webhook answered HTTP 503", 503, Optional.empty()).reason())
        .isEqualTo("webhook answered HTTP 503");
    assertThat(DeliveryOutcome.permanent("webhook answered HTTP 404", 404).reason())
        .isEqualTo("webhook answered HTTP 404");
    assertThat(DeliveryOutcome.skipped("PagerDuty has no action for an update").reason())
        .isEqualTo("PagerDuty has no action for an update");
  }
}
