package dev.tocsin.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private final RetrySchedule schedule = new RetrySchedule(10, Duration.ofMillis(500), Duration.ofSeconds(30));
  private final DeliveryOutcome serverError = DeliveryOutcome.retryable("webhook answered HTTP 500", 500,
      Optional.empty());

  @Test
  void doublesTheBackoffAfterEachFailureUpToTheMaximum() {
    assertThat(schedule.delayAfter(1, serverError, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(schedule.delayAfter(2, serverError, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(schedule.delayAfter(3, serverError, 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(schedule.delayAfter(7, serverError, 0.0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(schedule.delayAfter(1_000, serverError, 0.0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitterShortensTheBackoffByUpToHalf() {
    assertThat(schedule.delayAfter(2, serverError, 0.5)).isEqualTo(Duration.ofMillis(750));
    assertThat(schedule.delayAfter(2, serverError, 0.999_999)).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void retryAfterReplacesTheBackoff() {
    DeliveryOutcome throttled = DeliveryOutcome.retryable("webhook answered HTTP 429", 429,
        Optional.of(Duration.ofSeconds(7)));

    assertThat(schedule.delayAfter(1, throttled, 0.9)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterIsCappedAtTheMaximumBackoff() {
    DeliveryOutcome throttled = DeliveryOutcome.retryable("webhook answered HTTP 503", 503,
        Optional.of(Duration.ofHours(1)));

    assertThat(schedule.delayAfter(1, throttled, 0.0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void negativeRetryAfterMeansRetryNow() {
    DeliveryOutcome throttled = new DeliveryOutcome.Retryable("late", OptionalInt.empty(),
        Optional.of(Duration.ofSeconds(-3)));

    assertThat(schedule.delayAfter(1, throttled, 0.0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsAScheduleThatCannotWork() {
    assertThatThrownBy(() -> new RetrySchedule(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetrySchedule(1, Duration.ZERO, Duration.ofMillis(1)))
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> new RetrySchedule(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
  }
}
