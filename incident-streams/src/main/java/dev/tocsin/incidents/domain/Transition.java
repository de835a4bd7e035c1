package dev.tocsin.incidents.domain;

import java.util.List;

/**
 * What one alert, command or timer did to an incident. Every variant but {@link NoOp} carries the
 * incident's new state and the timeline entries it produced, in order; the notification policy
 * decides from the variant who hears about it and when.
 */
public sealed interface Transition {

  /** A transition that changed the incident. */
  sealed interface Applied extends Transition {
    IncidentState incident();

    List<TimelineEntry> events();
  }

  /** A firing alert, or a human, opened a new incident. */
  record Opened(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** A new or re-firing alert joined the open incident (severity may have risen; a monitoring incident reopened). */
  record AlertAttached(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** One alert resolved; others still fire. */
  record AlertResolved(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** A known firing alert changed its description or start; the timeline changes only if severity rose. */
  record AlertRefreshed(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /**
   * The last firing alert resolved: the incident is monitoring and resolves after the quiet
   * period unless an alert fires again, so a flap pages no one twice.
   */
  record Monitoring(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** The incident resolved: quiet period over, no quiet period, or a human resolved it. */
  record Resolved(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** A human acknowledged the incident: escalation and repeats stop. */
  record Acknowledged(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** A human changed the incident: posted an update, set its status or severity, assigned it. */
  record Changed(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** A silence was created from the incident; {@code silence} is what to store. */
  record Silenced(IncidentState incident, List<TimelineEntry> events, NewSilence silence) implements Applied {
  }

  /** A fact only the timeline records: a delivery's outcome. */
  record Recorded(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** A command could not be applied; the timeline says why. */
  record Rejected(IncidentState incident, List<TimelineEntry> events) implements Applied {
  }

  /** Nothing to do, and why. */
  record NoOp(String reason) implements Transition {
  }
}
