package dev.tocsin.api.status;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the public page shows at one moment, computed from the incidents' summaries and the page's
 * configuration: each component's state (the worst its open incidents put it in, maintenance in
 * progress, or a human's override), the overall indicator, the public incidents (open, and those
 * resolved in the last {@value #HISTORY_DAYS} days) and 90 days of uptime per component by
 * Statuspage's own method: a day's downtime is its major-outage time plus 30 % of its
 * partial-outage time. Only incidents that affect a configured component are public. Pure.
 */
public record StatusView(Instant at, StatusPageConfig config, Map<String, ComponentState> states, String indicator,
    String description, List<IncidentSummary> active, List<IncidentSummary> history,
    Map<String, List<Day>> uptime) {
  public static final int UPTIME_DAYS = 90;
  public static final int HISTORY_DAYS = 14;
  /** Statuspage counts partial outages at this weight. */
  static final double PARTIAL_WEIGHT = 0.3;

  /** One day of one component's uptime. */
  public record Day(LocalDate date, double uptimePercent, ComponentState worst) {
  }

  public static StatusView of(StatusPageConfig config, List<IncidentSummary> incidents, Instant now) {
    Map<String, ComponentState> states = new LinkedHashMap<>();
    Map<String, List<Day>> uptime = new LinkedHashMap<>();
    List<IncidentSummary> active = new ArrayList<>();
    List<IncidentSummary> history = new ArrayList<>();
    Instant historyFrom = now.minus(Duration.ofDays(HISTORY_DAYS));
    Instant uptimeFrom = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(UPTIME_DAYS - 1)
        .atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, List<IncidentSummary>> byComponent = new LinkedHashMap<>();
    config.components().forEach(c -> byComponent.put(c.id(), new ArrayList<>()));
    for (IncidentSummary incident : incidents) {
      boolean isPublic = false;
      for (StatusPageConfig.Component component : config.components()) {
        if (affects(incident, component)) {
          isPublic = true;
          if (incident.resolvedAt() == null || incident.resolvedAt().isAfter(uptimeFrom)) {
            byComponent.get(component.id()).add(incident);
          }
        }
      }
      if (!isPublic || incident.falsePositive()) {
        continue;
      }
      if (incident.open()) {
        active.add(incident);
      } else if (incident.resolvedAt() != null && incident.resolvedAt().isAfter(historyFrom)) {
        history.add(incident);
      }
    }
    for (StatusPageConfig.Component component : config.components()) {
      ComponentState state = ComponentState.OPERATIONAL;
      for (IncidentSummary incident : byComponent.get(component.id())) {
        if (incident.open() && !incident.falsePositive()) {
          state = state.worse(stateOf(config, incident.severity()));
        }
      }
      for (StatusPageConfig.Maintenance window : config.maintenance()) {
        if (window.components().contains(component.id()) && window.status(now).equals("in_progress")) {
          state = state.worse(ComponentState.UNDER_MAINTENANCE);
        }
      }
      if (component.override() != null) {
        state = component.override();
      }
      states.put(component.id(), state);
      uptime.put(component.id(), days(config, byComponent.get(component.id()), now));
    }
    Comparator<IncidentSummary> newest = Comparator.comparing(IncidentSummary::openedAt).reversed()
        .thenComparing(IncidentSummary::id);
    active.sort(newest);
    history.sort(Comparator.comparing(IncidentSummary::resolvedAt).reversed().thenComparing(IncidentSummary::id));
    String indicator = indicator(states.values(), active);
    return new StatusView(now, config, states, indicator, description(indicator), active,
        history, uptime);
  }

  /**
   * Whether the incident affects the component: it names the component, or one of the component's
   * services ({@value StatusPageConfig#EVERY_SERVICE} in them: every incident does).
   */
  public static boolean affects(IncidentSummary incident, StatusPageConfig.Component component) {
    if (incident.components().contains(component.id()) || component.services().contains(StatusPageConfig.EVERY_SERVICE)) {
      return true;
    }
    for (String service : incident.services()) {
      if (component.services().contains(service)) {
        return true;
      }
    }
    return !component.labels().isEmpty() && component.labels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(incident.labels().get(e.getKey())));
  }

  /** Statuspage's impact of an incident: critical, major, minor or none. */
  public static String impact(Severity severity) {
    return switch (severity) {
      case P0 -> "critical";
      case P1 -> "major";
      case P2, P3 -> "minor";
    };
  }

  /** The ids of the components the incident affects. */
  public List<StatusPageConfig.Component> componentsOf(IncidentSummary incident) {
    return config.components().stream().filter(c -> affects(incident, c)).toList();
  }

  /** Uptime over the whole 90 days, in percent. */
  public double uptimePercent(String componentId) {
    return uptime.getOrDefault(componentId, List.of()).stream().mapToDouble(Day::uptimePercent).average()
        .orElse(100);
  }

  private static ComponentState stateOf(StatusPageConfig config, Severity severity) {
    return config.severityStates().getOrDefault(severity, StatusPageConfig.DEFAULT_STATES.get(severity));
  }

  private static List<Day> days(StatusPageConfig config, List<IncidentSummary> incidents, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<Day> days = new ArrayList<>(UPTIME_DAYS);
    for (int i = UPTIME_DAYS - 1; i >= 0; i--) {
      LocalDate date = today.minusDays(i);
      Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant end = i == 0 ? now : start.plus(Duration.ofDays(1));
      double length = Math.max(1, Duration.between(start, end).toMillis());
      // Overlapping incidents count once: walk the day's boundaries, and give each stretch between
      // two of them the worst state of the incidents covering it.
      List<Instant[]> spans = new ArrayList<>();
      List<ComponentState> spanStates = new ArrayList<>();
      java.util.TreeSet<Instant> boundaries = new java.util.TreeSet<>(List.of(start, end));
      ComponentState worst = ComponentState.OPERATIONAL;
      for (IncidentSummary incident : incidents) {
        if (incident.falsePositive()) {
          continue;
        }
        Instant from = incident.openedAt().isAfter(start) ? incident.openedAt() : start;
        Instant until = incident.resolvedAt() == null || incident.resolvedAt().isAfter(end) ? end
            : incident.resolvedAt();
        if (!until.isAfter(from)) {
          continue;
        }
        ComponentState state = stateOf(config, incident.severity());
        worst = worst.worse(state);
        spans.add(new Instant[] {from, until});
        spanStates.add(state);
        boundaries.add(from);
        boundaries.add(until);
      }
      double major = 0;
      double partial = 0;
      Instant previous = null;
      for (Instant boundary : boundaries) {
        if (previous != null) {
          ComponentState covering = ComponentState.OPERATIONAL;
          for (int k = 0; k < spans.size(); k++) {
            if (!spans.get(k)[0].isAfter(previous) && !spans.get(k)[1].isBefore(boundary)) {
              covering = covering.worse(spanStates.get(k));
            }
          }
          long stretch = Duration.between(previous, boundary).toMillis();
          if (covering == ComponentState.MAJOR_OUTAGE) {
            major += stretch;
          } else if (covering == ComponentState.PARTIAL_OUTAGE) {
            partial += stretch;
          }
        }
        previous = boundary;
      }
      double down = Math.min(length, major + PARTIAL_WEIGHT * partial);
      days.add(new Day(date, 100.0 * (1 - down / length), worst));
    }
    return days;
  }

  private static String indicator(java.util.Collection<ComponentState> states, List<IncidentSummary> active) {
    String worst = "none";
    for (ComponentState state : states) {
      worst = max(worst, switch (state) {
        case MAJOR_OUTAGE -> "critical";
        case PARTIAL_OUTAGE -> "major";
        case DEGRADED_PERFORMANCE -> "minor";
        case UNDER_MAINTENANCE -> "maintenance";
        case OPERATIONAL -> "none";
      });
    }
    for (IncidentSummary incident : active) {
      worst = max(worst, impact(incident.severity()));
    }
    return worst;
  }

  private static String max(String a, String b) {
    List<String> order = List.of("none", "maintenance", "minor", "major", "critical");
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  private static String description(String indicator) {
    return switch (indicator) {
      case "critical" -> "Major System Outage";
      case "major" -> "Partial System Outage";
      case "minor" -> "Minor Service Outage";
      case "maintenance" -> "Service Under Maintenance";
      default -> "All Systems Operational";
    };
  }
}
