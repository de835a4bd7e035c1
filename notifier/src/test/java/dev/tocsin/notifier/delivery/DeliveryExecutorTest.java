package dev.tocsin.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.RateLimiter;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.support.SampleNotifications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryExecutorTest {
  private static final Instant NOW = Instant.parse("2025-03-04T10:20:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Notification notification = SampleNotifications.opened("n-1", "INC-1");

  private static DeliveryExecutor executor(int maxAttempts, Duration initial, Duration max) {
    // Jitter pinned to zero so the chosen delays are exact.
    return new DeliveryExecutor(new RetrySchedule(maxAttempts, initial, max),
        Clock.fixed(NOW, ZoneOffset.UTC), () -> 0.0);
  }

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  @Test
  void retriesRetryableOutcomesUntilDelivered() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(
        DeliveryOutcome.retryable("webhook answered HTTP 500", 500, Optional.empty()),
        DeliveryOutcome.retryable("could not connect to webhook"),
        DeliveryOutcome.delivered(200));

    DeliveryReport report = executor(5, Duration.ofMillis(1), Duration.ofMillis(100)).execute(channel, notification);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.delivered(200));
    assertThat(report.attempts()).isEqualTo(3);
    assertThat(report.delays()).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
    assertThat(channel.calls()).isEqualTo(3);
  }

  @Test
  void doesNotRetryPermanentFailures() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(DeliveryOutcome.permanent("webhook answered HTTP 400", 400),
        DeliveryOutcome.delivered(200));

    DeliveryReport report = executor(5, Duration.ofMillis(1), Duration.ofMillis(100)).execute(channel, notification);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.permanent("webhook answered HTTP 400", 400));
    assertThat(report.attempts()).isEqualTo(1);
    assertThat(report.delays()).isEmpty();
    assertThat(channel.calls()).isEqualTo(1);
  }

  @Test
  void doesNotRetryASkippedDelivery() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(DeliveryOutcome.skipped("nothing to send"),
        DeliveryOutcome.delivered(200));

    DeliveryReport report = executor(5, Duration.ofMillis(1), Duration.ofMillis(100)).execute(channel, notification);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.skipped("nothing to send"));
    assertThat(report.attempts()).isEqualTo(1);
    assertThat(channel.calls()).isEqualTo(1);
  }

  @Test
  void returnsTheLastRetryableOutcomeWhenTheBudgetIsSpent() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(() -> DeliveryOutcome.retryable("webhook answered HTTP 503", 503,
        Optional.empty()));

    DeliveryReport report = executor(3, Duration.ofMillis(1), Duration.ofMillis(3)).execute(channel, notification);

    assertThat(report.outcome()).isInstanceOf(DeliveryOutcome.Retryable.class);
    assertThat(((DeliveryOutcome.Retryable) report.outcome()).reason()).isEqualTo("webhook answered HTTP 503");
    assertThat(report.attempts()).isEqualTo(3);
    assertThat(report.delays()).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  @Test
  void waitsAsLongAsRetryAfterAsks() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(
        DeliveryOutcome.retryable("webhook answered HTTP 429", 429, Optional.of(Duration.ofMillis(40))),
        DeliveryOutcome.delivered(200));

    DeliveryReport report = executor(5, Duration.ofMillis(1), Duration.ofSeconds(1)).execute(channel, notification);

    assertThat(report.delays()).containsExactly(Duration.ofMillis(40));
    assertThat(report.attempts()).isEqualTo(2);
  }

  @Test
  void capsRetryAfterAtTheMaximumBackoff() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(
        DeliveryOutcome.retryable("webhook answered HTTP 503", 503, Optional.of(Duration.ofHours(1))),
        DeliveryOutcome.delivered(200));

    DeliveryReport report = executor(5, Duration.ofMillis(1), Duration.ofMillis(20)).execute(channel, notification);

    assertThat(report.delays()).containsExactly(Duration.ofMillis(20));
  }

  @Test
  void treatsAChannelThatThrowsAsRetryableWithoutItsMessage() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(() -> {
      throw new IllegalStateException("boom at https://hooks.example/secret-token");
    });

    DeliveryReport report = executor(2, Duration.ofMillis(1), Duration.ofMillis(1)).execute(channel, notification);

    assertThat(report.outcome()).isInstanceOf(DeliveryOutcome.Retryable.class);
    assertThat(((DeliveryOutcome.Retryable) report.outcome()).reason())
        .contains("IllegalStateException")
        .doesNotContain("secret-token");
    assertThat(report.attempts()).isEqualTo(2);
  }

  @Test
  void stampsTheReportWithTheInjectedClock() throws InterruptedException {
    DeliveryReport report = new DeliveryExecutor(new RetrySchedule(1, Duration.ofMillis(1), Duration.ofMillis(1)),
        clock).execute(new ScriptedChannel(DeliveryOutcome.delivered()), notification);

    assertThat(report.completedAt()).isEqualTo(NOW);
  }

  @Test
  void stopsWaitingWhenInterrupted() {
    ScriptedChannel channel = new ScriptedChannel(() -> DeliveryOutcome.retryable("webhook answered HTTP 503", 503,
        Optional.of(Duration.ofSeconds(30))));
    DeliveryExecutor executor = executor(5, Duration.ofMillis(1), Duration.ofMinutes(1));

    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> executor.execute(channel, notification)).isInstanceOf(InterruptedException.class);
    assertThat(channel.calls()).isEqualTo(1);
  }

  @Test
  void takesARateLimitPermitForEveryAttemptWithoutCountingTheWaitAsAFailure() throws InterruptedException {
    ScriptedChannel channel = new ScriptedChannel(
        DeliveryOutcome.retryable("webhook answered HTTP 500", 500, Optional.empty()),
        DeliveryOutcome.delivered(200));
    RateLimiter<Object> limiter = RateLimiter.burstyBuilder(10, Duration.ofMinutes(1)).build();

    DeliveryReport report = executor(5, Duration.ofMillis(1), Duration.ofMillis(10)).execute(channel, notification,
        limiter);

    assertThat(report.outcome()).isEqualTo(DeliveryOutcome.delivered(200));
    assertThat(report.attempts()).isEqualTo(2);
    // Two of the ten permits of this period are spent, one per attempt.
    assertThat(limiter.tryAcquirePermits(8)).isTrue();
    assertThat(limiter.tryAcquirePermit()).isFalse();
  }

  @Test
  void stopsWaitingForARateLimitPermitWhenInterrupted() {
    ScriptedChannel channel = new ScriptedChannel(DeliveryOutcome.delivered(200));
    RateLimiter<Object> limiter = RateLimiter.burstyBuilder(1, Duration.ofHours(1)).build();
    limiter.tryAcquirePermit();
    DeliveryExecutor executor = executor(5, Duration.ofMillis(1), Duration.ofMinutes(1));

    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> executor.execute(channel, notification, limiter))
        .isInstanceOf(InterruptedException.class);
    assertThat(channel.calls()).isZero();
  }

  /** Answers with the given outcomes in turn, repeating the last one. */
  private static final class ScriptedChannel implements NotificationChannel {
    private final Deque<Supplier<DeliveryOutcome>> script = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();

    ScriptedChannel(DeliveryOutcome... outcomes) {
      List.of(outcomes).forEach(outcome -> script.add(() -> outcome));
    }

    ScriptedChannel(Supplier<DeliveryOutcome> always) {
      script.add(always);
    }

    int calls() {
      return calls.get();
    }

    @Override
    public String integration() {
      return "scripted";
    }

    @Override
    public DeliveryOutcome deliver(Notification notification) {
      calls.incrementAndGet();
      Supplier<DeliveryOutcome> next = script.size() > 1 ? script.poll() : script.peek();
      return next.get();
    }
  }
}
