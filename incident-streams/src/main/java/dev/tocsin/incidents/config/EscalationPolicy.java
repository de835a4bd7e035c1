package dev.tocsin.incidents.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PagerDuty-style escalation policy. Level 0 pages when the incident is first notified; each
 * level waits its {@code delay} for an acknowledgement, then the next level pages; after the last
 * level the policy starts again from level 0, {@code loops} more times (0: once through).
 * Acknowledging or resolving stops it. Steps number every page across loops from 0. Immutable.
 */
public record EscalationPolicy(String name, List<EscalationLevel> levels, int loops) {
  public EscalationPolicy {
    Objects.requireNonNull(name, "name");
    levels = List.copyOf(levels);
    if (name.isBlank()) {
      throw new IllegalArgumentException("an escalation policy needs a name");
    }
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("escalation policy " + name + " has no levels");
    }
    if (loops < 0) {
      throw new IllegalArgumentException("escalation policy " + name + ": loops must not be negative");
    }
  }

  /** How many pages the policy sends at most: every level, {@code loops + 1} times. */
  public int steps() {
    return levels.size() * (loops + 1);
  }

  /** The level that pages at {@code step}; empty once the policy is exhausted. */
  public Optional<EscalationLevel> step(int step) {
    if (step < 0 || step >= steps()) {
      return Optional.empty();
    }
    return Optional.of(levels.get(step % levels.size()));
  }

  /**
   * How long the policy waits after {@code step} pages before the next step pages: that level's
   * delay; empty when {@code step} is the last (or not a step), so nothing follows it.
   */
  public Optional<Duration> waitAfter(int step) {
    if (step < 0 || step + 1 >= steps()) {
      return Optional.empty();
    }
    return Optional.of(levels.get(step % levels.size()).delay());
  }
}
