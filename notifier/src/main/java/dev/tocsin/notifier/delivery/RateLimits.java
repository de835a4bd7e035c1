package dev.tocsin.notifier.delivery;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How fast each kind of integration may be sent to, per delivery target (one Slack channel, one
 * PagerDuty routing key): messages per minute, spread evenly (a smooth limiter), so a storm
 * queues in its lane instead of being refused by the receiver. Immutable.
 *
 * @param perMinuteByIntegration messages per minute by integration name; absent or 0 means unlimited
 */
public record RateLimits(Map<String, Integer> perMinuteByIntegration) {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  public RateLimits {
    perMinuteByIntegration = Map.copyOf(perMinuteByIntegration);
    perMinuteByIntegration.forEach((integration, perMinute) -> {
      if (perMinute < 0) {
        throw new IllegalArgumentException("rate limit of " + integration + " is negative: " + perMinute);
      }
    });
  }

  /** No limits at all. */
  public static RateLimits none() {
    return new RateLimits(Map.of());
  }

  /** A new limiter for one target of {@code integration}, or empty when the integration is unlimited. */
  public Optional<RateLimiter<Object>> limiterFor(String integration) {
    int perMinute = perMinuteByIntegration.getOrDefault(integration, 0);
    if (perMinute == 0) {
      return Optional.empty();
    }
    return Optional.of(RateLimiter.smoothBuilder(perMinute, MINUTE).build());
  }
}
