package dev.tocsin.notifier.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a delivery is retried: exponential backoff from
 * {@code initialBackoff} doubling up to {@code maxBackoff}, with "equal jitter" (a random
 * delay between half and all of the backoff), and an integration's {@code Retry-After}
 * taking precedence, capped at {@code maxBackoff}.
 *
 * @param maxAttempts attempts in total, including the first
 */
public record RetrySchedule(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  private static final double JITTER = 0.5;

  public RetrySchedule {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
          + initialBackoff);
    }
  }

  /**
   * The delay before the next attempt.
   *
   * @param failedAttempts attempts made so far (at least 1)
   * @param last the outcome of the latest attempt
   * @param random a value in [0, 1) choosing where in the jitter range the delay falls
   */
  public Duration delayAfter(int failedAttempts, DeliveryOutcome last, double random) {
    if (last instanceof DeliveryOutcome.Retryable retryable && retryable.retryAfter().isPresent()) {
      // The receiver knows its own recovery time better than our backoff; the cap keeps one
      // receiver from holding the consumer past its poll interval.
      Duration asked = retryable.retryAfter().get();
      return asked.isNegative() ? Duration.ZERO : min(asked, maxBackoff);
    }
    Duration backoff = initialBackoff;
    for (int i = 1; i < failedAttempts && backoff.compareTo(maxBackoff) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    backoff = min(backoff, maxBackoff);
    long jitterNanos = (long) (backoff.toNanos() * JITTER * random);
    return backoff.minusNanos(jitterNanos);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
