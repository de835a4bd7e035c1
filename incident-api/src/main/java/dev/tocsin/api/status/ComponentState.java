package dev.tocsin.api.status;

import java.util.Locale;

/** A component's state, as Atlassian Statuspage names them, from best to worst (maintenance apart). */
public enum ComponentState {
  OPERATIONAL("Operational"),
  DEGRADED_PERFORMANCE("Degraded performance"),
  PARTIAL_OUTAGE("Partial outage"),
  MAJOR_OUTAGE("Major outage"),
  UNDER_MAINTENANCE("Under maintenance");

  private final String label;

  ComponentState(String label) {
    this.label = label;
  }

  /** Statuspage's id, e.g. {@code partial_outage}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What people read. */
  public String label() {
    return label;
  }

  /** The worse of the two; an outage outranks maintenance, maintenance outranks degraded performance. */
  public ComponentState worse(ComponentState other) {
    return rank() >= other.rank() ? this : other;
  }

  private int rank() {
    return switch (this) {
      case OPERATIONAL -> 0;
      case DEGRADED_PERFORMANCE -> 1;
      case UNDER_MAINTENANCE -> 2;
      case PARTIAL_OUTAGE -> 3;
      case MAJOR_OUTAGE -> 4;
    };
  }

  /** The state named {@code id}, if it is one. */
  public static java.util.Optional<ComponentState> of(String id) {
    for (ComponentState state : values()) {
      if (state.id().equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
        return java.util.Optional.of(state);
      }
    }
    return java.util.Optional.empty();
  }
}
