package dev.tocsin.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The final word on delivering one notification through one channel: the last attempt's
 * outcome, how many attempts were made, the delays chosen between them and when it was decided.
 * A {@link DeliveryOutcome.Retryable} outcome here means the retry budget is spent.
 */
public record DeliveryReport(DeliveryOutcome outcome, int attempts, List<Duration> delays, Instant completedAt) {
  public DeliveryReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(completedAt, "completedAt");
    delays = List.copyOf(delays);
  }
}
