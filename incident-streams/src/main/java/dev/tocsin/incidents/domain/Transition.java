package dev.tocsin.incidents.domain;

import java.util.List;

/**
 * What one alert did to its group's incident. Every variant but {@link NoOp} carries the
 * incident's new state and the timeline entries it produced, in order.
 */
public sealed interface Transition {

  /** A firing alert opened a new incident: page the receivers. */
  record Opened(IncidentState incident, List<TimelineEntry> events) implements Transition {
  }

  /** A new or re-firing alert joined the open incident (severity may have risen). */
  record AlertAttached(IncidentState incident, List<TimelineEntry> events) implements Transition {
  }

  /** One alert resolved; others still fire. */
  record AlertResolved(IncidentState incident, List<TimelineEntry> events) implements Transition {
  }

  /** A known firing alert changed its description or start; the snapshot changes, the timeline does not. */
  record AlertRefreshed(IncidentState incident, List<TimelineEntry> events) implements Transition {
  }

  /**
   * The last firing alert resolved: the incident is monitoring and resolves after the quiet
   * period unless an alert fires again. Nobody is told yet, so a flap pages no one twice.
   */
  record Monitoring(IncidentState incident, List<TimelineEntry> events) implements Transition {
  }

  /** The incident resolved (quiet period over, or none configured): tell the receivers. */
  record Resolved(IncidentState incident, List<TimelineEntry> events) implements Transition {
  }

  /** Nothing to do, and why. */
  record NoOp(String reason) implements Transition {
  }
}
