package dev.tocsin.incidents.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One level of an escalation policy: whom it pages, and how long it then waits for an
 * acknowledgement before the next level pages. No receivers means the route's receivers. Immutable.
 */
public record EscalationLevel(Duration delay, List<String> receivers) {
  public EscalationLevel {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("an escalation delay must not be negative");
    }
    receivers = List.copyOf(receivers);
  }

  /** Whom this level pages: its own receivers, or {@code routeReceivers} when it names none. */
  public List<String> receiversOr(List<String> routeReceivers) {
    return receivers.isEmpty() ? List.copyOf(routeReceivers) : receivers;
  }
}
