package dev.tocsin.incidents.domain;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident state machine for alerts: one open incident per group; a firing alert opens or
 * joins it; when its last alert resolves the incident monitors for a quiet period and resolves
 * unless an alert fires again (then it goes on, and nobody is paged twice). A resolved incident
 * never takes new alerts. Severity is the most urgent of the firing alerts and only rises
 * automatically. Pure and stateless.
 */
public final class IncidentLifecycle {
  private final List<String> receivers;
  private final Duration quietPeriod;

  /**
   * @param receivers the receivers every incident notifies
   * @param quietPeriod how long an incident whose alerts all resolved waits before it resolves;
   *     zero resolves at once
   */
  public IncidentLifecycle(List<String> receivers, Duration quietPeriod) {
    if (quietPeriod.isNegative()) {
      throw new IllegalArgumentException("quiet period must not be negative: " + quietPeriod);
    }
    this.receivers = List.copyOf(receivers);
    this.quietPeriod = quietPeriod;
  }

  /** Resolves a monitoring incident whose quiet period has passed; anything else is a no-op. */
  public Transition quietPeriodElapsed(IncidentState incident, Instant now) {
    if (incident == null || !incident.monitoring()) {
      return new Transition.NoOp("not monitoring");
    }
    if (now.isBefore(incident.quietUntil())) {
      return new Transition.NoOp(incident.id() + " quiet until " + incident.quietUntil());
    }
    long seq = incident.eventSeq();
    List<TimelineEntry> events = List.of(new TimelineEntry(++seq, IncidentEventType.RESOLVED, now,
        "no alert fired again for " + quietPeriod.toSeconds() + " s", null, null));
    return new Transition.Resolved(incident.with(incident.severity(), IncidentStatus.RESOLVED, PublicStatus.RESOLVED,
        now, now, incident.alerts(), seq, null), events);
  }

  /**
   * Applies one alert (already deduplicated) to the latest incident of its group.
   *
   * @param latest the group's latest incident, open or resolved, or null if it never had one
   */
  public Transition apply(IncidentState latest, String groupKey, Map<String, String> groupLabels,
      AlertObservation alert, Instant now) {
    if (latest == null || !latest.open()) {
      if (!alert.firing()) {
        return new Transition.NoOp("resolved alert " + alert.fingerprint() + " has no open incident");
      }
      return open(latest == null ? 1 : latest.groupOccurrence() + 1, groupKey, groupLabels, alert, now);
    }
    AlertObservation known = latest.alerts().get(alert.fingerprint());
    if (alert.firing()) {
      if (known != null && known.firing()) {
        return refresh(latest, alert, now);
      }
      return attach(latest, alert, known == null ? "alert added" : "alert fired again", now);
    }
    if (known == null || !known.firing()) {
      return new Transition.NoOp("alert " + alert.fingerprint() + " is not firing in " + latest.id());
    }
    return resolveAlert(latest, alert, now);
  }

  private Transition open(int occurrence, String groupKey, Map<String, String> groupLabels, AlertObservation alert,
      Instant now) {
    String id = IncidentIds.of(groupKey, occurrence);
    Map<String, AlertObservation> alerts = new LinkedHashMap<>();
    alerts.put(alert.fingerprint(), alert);
    IncidentState incident = new IncidentState(id, groupKey, groupLabels, title(groupLabels, alert),
        alert.annotations().get("summary"), alert.severity(), IncidentStatus.TRIGGERED, PublicStatus.INVESTIGATING,
        now, null, null, now, receivers, alerts, 1, occurrence, null);
    TimelineEntry opened = new TimelineEntry(1, IncidentEventType.OPENED, now,
        "opened by " + describe(alert), alert.fingerprint(), null);
    return new Transition.Opened(incident, List.of(opened));
  }

  private Transition attach(IncidentState incident, AlertObservation alert, String what, Instant now) {
    Map<String, AlertObservation> alerts = new LinkedHashMap<>(incident.alerts());
    alerts.put(alert.fingerprint(), alert);
    List<TimelineEntry> events = new ArrayList<>();
    events.add(new TimelineEntry(incident.eventSeq() + 1, IncidentEventType.ALERT_ADDED, now,
        what + ": " + describe(alert), alert.fingerprint(), null));
    Severity raised = raiseSeverity(incident, alert, now, events);
    long seq = incident.eventSeq() + events.size();
    // An alert firing while the incident monitors puts it back under investigation.
    PublicStatus publicStatus = incident.monitoring() ? PublicStatus.INVESTIGATING : incident.publicStatus();
    IncidentState next = incident.with(raised, incident.status(), publicStatus, null, now, alerts, seq, null);
    return new Transition.AlertAttached(next, events);
  }

  private Transition refresh(IncidentState incident, AlertObservation alert, Instant now) {
    Map<String, AlertObservation> alerts = new LinkedHashMap<>(incident.alerts());
    alerts.put(alert.fingerprint(), alert);
    List<TimelineEntry> events = new ArrayList<>();
    Severity raised = raiseSeverity(incident, alert, now, events);
    long seq = incident.eventSeq() + events.size();
    IncidentState next = incident.with(raised, incident.status(), incident.publicStatus(), null, now, alerts, seq,
        incident.quietUntil());
    return new Transition.AlertRefreshed(next, events);
  }

  private Transition resolveAlert(IncidentState incident, AlertObservation alert, Instant now) {
    Map<String, AlertObservation> alerts = new LinkedHashMap<>(incident.alerts());
    alerts.put(alert.fingerprint(), alert.withStatus(AlertStatus.RESOLVED, alert.endsAt() == null ? now
        : alert.endsAt()));
    long seq = incident.eventSeq();
    List<TimelineEntry> events = new ArrayList<>();
    events.add(new TimelineEntry(++seq, IncidentEventType.ALERT_RESOLVED, now, "alert resolved: " + describe(alert),
        alert.fingerprint(), null));
    boolean anyFiring = alerts.values().stream().anyMatch(AlertObservation::firing);
    if (anyFiring) {
      IncidentState next = incident.with(incident.severity(), incident.status(), incident.publicStatus(), null, now,
          alerts, seq, null);
      return new Transition.AlertResolved(next, events);
    }
    if (quietPeriod.isZero()) {
      events.add(new TimelineEntry(++seq, IncidentEventType.RESOLVED, now, "all alerts resolved", null, null));
      IncidentState next = incident.with(incident.severity(), IncidentStatus.RESOLVED, PublicStatus.RESOLVED, now,
          now, alerts, seq, null);
      return new Transition.Resolved(next, events);
    }
    IncidentState next = incident.with(incident.severity(), incident.status(), PublicStatus.MONITORING, null, now,
        alerts, seq, now.plus(quietPeriod));
    return new Transition.Monitoring(next, events);
  }

  /**
   * The incident's severity once {@code alert} counts: automatic changes only ever raise it. A
   * raise appends a SEVERITY_CHANGED entry to {@code events}, numbered after those already there.
   */
  private static Severity raiseSeverity(IncidentState incident, AlertObservation alert, Instant now,
      List<TimelineEntry> events) {
    Severity raised = Severities.max(incident.severity(), alert.severity());
    if (raised != incident.severity()) {
      events.add(new TimelineEntry(incident.eventSeq() + events.size() + 1, IncidentEventType.SEVERITY_CHANGED, now,
          "severity raised from " + incident.severity() + " to " + raised + " by " + alert.fingerprint(),
          alert.fingerprint(), incident.severity()));
    }
    return raised;
  }

  private static String title(Map<String, String> groupLabels, AlertObservation alert) {
    String alertname = alert.labels().getOrDefault("alertname", "alert");
    String service = groupLabels.getOrDefault("service", alert.labels().getOrDefault("service", ""));
    return service.isEmpty() ? alertname : alertname + " on " + service;
  }

  private static String describe(AlertObservation alert) {
    String summary = alert.annotations().get("summary");
    String name = alert.labels().getOrDefault("alertname", alert.fingerprint());
    return summary == null ? name : name + " (" + summary + ")";
  }
}
