package dev.tocsin.api.review;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Error budgets: for each service objective, the downtime the objective allows over its rolling
 * window, the downtime incidents of the counted severities that affected the service (by its
 * {@code service} label or an affected component of that name) consumed in the window — overlapping
 * incidents counted once — and what is left. The playbooks' {@code calculate_error_budget} over
 * real incident history.
 */
public final class ErrorBudgets {
  private ErrorBudgets() {
  }

  /**
   * One objective from {@code slos:} in tocsin.yml.
   *
   * @param objectivePercent e.g. 99.9
   * @param countedSeverities which incidents count as downtime
   */
  public record Objective(String service, double objectivePercent, Duration window, Set<Severity> countedSeverities) {
    public Objective {
      countedSeverities = Set.copyOf(countedSeverities);
    }
  }

  /** Where one objective stands at a moment. */
  public record Budget(Objective objective, Duration allowed, Duration consumed, int incidents) {
    public Duration remaining() {
      return allowed.minus(consumed);
    }

    /** Consumed over allowed, in percent (above 100 once the budget is spent). */
    public double consumedPercent() {
      return allowed.isZero() ? (consumed.isZero() ? 0 : Double.POSITIVE_INFINITY)
          : 100.0 * consumed.toMillis() / allowed.toMillis();
    }

    /** The window's uptime, in percent, counting consumed downtime only. */
    public double actualUptimePercent() {
      return 100.0 * (1 - (double) consumed.toMillis() / objective.window().toMillis());
    }
  }

  /** The budget of {@code objective} at {@code now} over {@code incidents}. */
  public static Budget of(Objective objective, List<IncidentSummary> incidents, Instant now) {
    Instant start = now.minus(objective.window());
    Duration allowed = Duration.ofMillis(Math.round(objective.window().toMillis()
        * (100.0 - objective.objectivePercent()) / 100.0));
    List<Instant[]> intervals = new ArrayList<>();
    for (IncidentSummary i : incidents) {
      boolean affects = i.services().contains(objective.service()) || i.components().contains(objective.service());
      if (!affects || !objective.countedSeverities().contains(i.severity()) || i.falsePositive()) {
        continue;
      }
      Instant from = i.openedAt().isBefore(start) ? start : i.openedAt();
      Instant to = i.resolvedAt() == null || i.resolvedAt().isAfter(now) ? now : i.resolvedAt();
      if (to.isAfter(from)) {
        intervals.add(new Instant[] {from, to});
      }
    }
    intervals.sort(Comparator.comparing((Instant[] interval) -> interval[0]));
    Duration consumed = Duration.ZERO;
    Instant runFrom = null;
    Instant runTo = null;
    for (Instant[] interval : intervals) {
      if (runTo == null || interval[0].isAfter(runTo)) {
        if (runTo != null) {
          consumed = consumed.plus(Duration.between(runFrom, runTo));
        }
        runFrom = interval[0];
        runTo = interval[1];
      } else if (interval[1].isAfter(runTo)) {
        runTo = interval[1];
      }
    }
    if (runTo != null) {
      consumed = consumed.plus(Duration.between(runFrom, runTo));
    }
    return new Budget(objective, allowed, consumed, intervals.size());
  }
}
