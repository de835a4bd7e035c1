package dev.tocsin.notifier.delivery;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.tocsin.avro.Notification;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a channel until it delivers, refuses for good or the retry budget is spent, sleeping on
 * the calling thread between attempts: the one place retries, backoff, jitter,
 * {@code Retry-After} and rate limits live. A rate limit makes an attempt wait for its permit; the
 * wait is not a failure and costs no attempt. Thread-safe.
 */
public final class DeliveryExecutor {
  private static final Logger log = LoggerFactory.getLogger(DeliveryExecutor.class);

  private final RetrySchedule schedule;
  private final Clock clock;
  private final DoubleSupplier random;

  /** An executor with random jitter. */
  public DeliveryExecutor(RetrySchedule schedule, Clock clock) {
    this(schedule, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** An executor whose jitter comes from {@code random} (values in [0, 1)), so tests can pin it. */
  public DeliveryExecutor(RetrySchedule schedule, Clock clock, DoubleSupplier random) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Delivers {@code notification} through {@code channel}.
   *
   * @throws InterruptedException if the thread was interrupted while waiting or delivering; the
   *     delivery's fate is then unknown and it should be attempted again later
   */
  public DeliveryReport execute(NotificationChannel channel, Notification notification) throws InterruptedException {
    return run(channel, notification, null);
  }

  /**
   * Delivers {@code notification} through {@code channel}, each attempt (retries too) first
   * waiting for a permit of {@code rateLimiter}, for as long as that takes.
   *
   * @throws InterruptedException if the thread was interrupted while waiting or delivering; the
   *     delivery's fate is then unknown and it should be attempted again later
   */
  public DeliveryReport execute(NotificationChannel channel, Notification notification, RateLimiter<?> rateLimiter)
      throws InterruptedException {
    return run(channel, notification, Objects.requireNonNull(rateLimiter, "rateLimiter"));
  }

  private DeliveryReport run(NotificationChannel channel, Notification notification, RateLimiter<?> rateLimiter)
      throws InterruptedException {
    AtomicInteger attempts = new AtomicInteger();
    List<Duration> delays = new ArrayList<>();
    String integration = channel.integration();
    String notificationId = notification.getNotificationId();
    RetryPolicy<DeliveryOutcome> policy = RetryPolicy.<DeliveryOutcome>builder()
        .handleResultIf(outcome -> outcome instanceof DeliveryOutcome.Retryable)
        // Only a permit wait throws; being interrupted there ends the delivery, it is not retried.
        .abortOn(InterruptedException.class)
        .withMaxAttempts(schedule.maxAttempts())
        .withDelayFn(context -> schedule.delayAfter(context.getAttemptCount(), context.getLastResult(),
            random.getAsDouble()))
        .onRetryScheduled(event -> {
          delays.add(event.getDelay());
          // An Error thrown by a channel is retried too, and leaves no outcome.
          String reason = event.getLastResult() == null ? event.getLastException().getClass().getName()
              : event.getLastResult().reason();
          log.info("{} delivery of notification {} failed on attempt {} of {} ({}); retrying in {} ms", integration,
              notificationId, event.getAttemptCount(), schedule.maxAttempts(), reason, event.getDelay().toMillis());
        })
        .build();
    DeliveryOutcome outcome;
    try {
      outcome = Failsafe.with(policy).get(() -> {
        if (rateLimiter != null) {
          rateLimiter.acquirePermit();
        }
        return attempt(channel, notification, attempts);
      });
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.interrupted();
        throw new InterruptedException("interrupted while retrying " + integration + " delivery of notification "
            + notificationId);
      }
      throw e;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted during " + integration + " delivery of notification "
          + notificationId);
    }
    return new DeliveryReport(outcome, attempts.get(), delays, clock.instant());
  }

  private static DeliveryOutcome attempt(NotificationChannel channel, Notification notification,
      AtomicInteger attempts) {
    attempts.incrementAndGet();
    try {
      return Objects.requireNonNull(channel.deliver(notification), "channel returned no outcome");
    } catch (RuntimeException e) {
      // A channel bug must not stop the pipeline; the message may quote a secret, so only the type is kept.
      log.warn("{} channel failed unexpectedly with {}", channel.integration(), e.getClass().getName());
      return DeliveryOutcome.retryable(channel.integration() + " channel failed unexpectedly ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
