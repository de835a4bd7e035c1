package dev.tocsin.api.status;

import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code status_page:} of tocsin.yml: the page's title, its components (which services and
 * components of incidents map to each), the state each incident severity puts a component in, and
 * maintenance windows.
 */
public record StatusPageConfig(String title, List<Component> components, Map<Severity, ComponentState> severityStates,
    List<Maintenance> maintenance) {

  /** The default severity → state: P0 a major outage, P1 a partial one, P2 and P3 degraded performance. */
  public static final Map<Severity, ComponentState> DEFAULT_STATES = defaults();

  /** A component's service that every incident matches. */
  public static final String EVERY_SERVICE = "*";

  /** A tocsin.yml without {@code status_page:}: no components, so nothing is public. */
  public static final StatusPageConfig NONE = new StatusPageConfig("Status", List.of(), DEFAULT_STATES, List.of());

  /**
   * No tocsin.yml at all (a first run of the standalone): one component every incident affects, so
   * a newcomer sees the page work. Any real configuration replaces it.
   */
  public static final StatusPageConfig DEMO = new StatusPageConfig("Status", List.of(new Component("all",
      "All services", "Every incident (no status_page: is configured)", null, Set.of(EVERY_SERVICE), Map.of(), null)),
      DEFAULT_STATES, List.of());

  public StatusPageConfig {
    components = List.copyOf(components);
    severityStates = Map.copyOf(severityStates);
    maintenance = List.copyOf(maintenance);
  }

  /**
   * One component customers see.
   *
   * @param services incidents whose {@code service} label is one of these affect it, as do incidents
   *     that name its id among their affected components
   * @param labels incidents whose labels include all of these affect it too (none: this way is off)
   * @param override a state a human set in the file, which wins over what incidents say; null for none
   */
  public record Component(String id, String name, String description, String group, Set<String> services,
      Map<String, String> labels, ComponentState override) {
    public Component {
      services = Set.copyOf(services);
      labels = Map.copyOf(labels);
    }

    /** A component mapped by services only. */
    public Component(String id, String name, String description, String group, Set<String> services,
        ComponentState override) {
      this(id, name, description, group, services, Map.of(), override);
    }
  }

  /** A maintenance window announced in advance. */
  public record Maintenance(String id, String name, String message, List<String> components, Instant startsAt,
      Instant endsAt) {
    public Maintenance {
      components = List.copyOf(components);
    }

    /** scheduled, in_progress or completed at {@code now}, as Statuspage says. */
    public String status(Instant now) {
      return now.isBefore(startsAt) ? "scheduled" : now.isBefore(endsAt) ? "in_progress" : "completed";
    }
  }

  private static Map<Severity, ComponentState> defaults() {
    Map<Severity, ComponentState> states = new EnumMap<>(Severity.class);
    states.put(Severity.P0, ComponentState.MAJOR_OUTAGE);
    states.put(Severity.P1, ComponentState.PARTIAL_OUTAGE);
    states.put(Severity.P2, ComponentState.DEGRADED_PERFORMANCE);
    states.put(Severity.P3, ComponentState.DEGRADED_PERFORMANCE);
    return states;
  }
}
