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

    /** Which transition this is, for exhaustive switches (one constant per record). */
    Kind kind();
  }

  /** The applied transitions by name: what a human did, what an alert did, what only the timeline records. */
  enum Kind {
    OPENED, ALERT_ATTACHED, ALERT_RESOLVED, ALERT_REFRESHED, MONITORING, RESOLVED, ACKNOWLEDGED, CHANGED,
    SILENCED, ANNOTATED, RECORDED, REJECTED
  }

  /** A firing alert, or a human, opened a new incident. */
  record Opened(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.OPENED;
    }
  }

  /** A new or re-firing alert joined the open incident (severity may have risen; a monitoring incident reopened). */
  record AlertAttached(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.ALERT_ATTACHED;
    }
  }

  /** One alert resolved; others still fire. */
  record AlertResolved(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.ALERT_RESOLVED;
    }
  }

  /** A known firing alert changed its description or start; the timeline changes only if severity rose. */
  record AlertRefreshed(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.ALERT_REFRESHED;
    }
  }

  /**
   * The last firing alert resolved: the incident is monitoring and resolves after the quiet
   * period unless an alert fires again, so a flap pages no one twice.
   */
  record Monitoring(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.MONITORING;
    }
  }

  /** The incident resolved: quiet period over, no quiet period, or a human resolved it. */
  record Resolved(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.RESOLVED;
    }
  }

  /** A human acknowledged the incident: escalation and repeats stop. */
  record Acknowledged(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.ACKNOWLEDGED;
    }
  }

  /** A human changed the incident: posted an update, set its status or severity, assigned it. */
  record Changed(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.CHANGED;
    }
  }

  /** A silence was created from the incident; {@code silence} is what to store. */
  record Silenced(IncidentState incident, List<TimelineEntry> events, NewSilence silence) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.SILENCED;
    }
  }

  /** A human's note or false-positive mark: the snapshot and the timeline change, nobody is notified. */
  record Annotated(IncidentState incident, List<TimelineEntry> events) implements Applied {

    @Override
    public Kind kind() {
      return Kind.ANNOTATED;
    }
  }

  /** A fact only the timeline records: a delivery's outcome. */
  record Recorded(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.RECORDED;
    }
  }

  /** A command could not be applied; the timeline says why. */
  record Rejected(IncidentState incident, List<TimelineEntry> events) implements Applied {
  
    @Override
    public Kind kind() {
      return Kind.REJECTED;
    }
  }

  /** Nothing to do, and why. */
  record NoOp(String reason) implements Transition {
  }
}
