package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEngineState;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Silence;
import dev.tocsin.incidents.config.Matchers;
import dev.tocsin.incidents.config.SeverityPolicy;
import dev.tocsin.incidents.domain.AlertObservation;
import dev.tocsin.incidents.domain.Command;
import dev.tocsin.incidents.domain.Delivery;
import dev.tocsin.incidents.domain.IncidentState;
import dev.tocsin.incidents.domain.NewSilence;
import dev.tocsin.incidents.domain.Person;
import dev.tocsin.incidents.domain.Schedule;
import dev.tocsin.incidents.domain.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between the wire records (Avro) and the domain's records. Stateless. */
final class AvroMapping {
  /** The most alerts a snapshot on tocsin.incidents.v1 carries. */
  static final int SNAPSHOT_ALERTS = 20;

  static final String ENGINE = "incident-streams";

  private AvroMapping() {
  }

  /** An alert as the engine sees it, its severity classified by {@code severity}. */
  static AlertObservation observation(Alert alert, SeverityPolicy severity) {
    return new AlertObservation(alert.getFingerprint(), alert.getStatus(), alert.getLabels(), alert.getAnnotations(),
        alert.getStartsAt(), alert.getEndsAt(), severity.classify(alert.getLabels(), alert.getSourceSeverity()),
        alert.getGeneratorUrl());
  }

  /** An alert for deduplication, where only what it says matters, not how it is classified. */
  static AlertObservation observation(Alert alert) {
    return new AlertObservation(alert.getFingerprint(), alert.getStatus(), alert.getLabels(), alert.getAnnotations(),
        alert.getStartsAt(), alert.getEndsAt(),
        alert.getSourceSeverity() == null ? dev.tocsin.avro.Severity.P3 : alert.getSourceSeverity(),
        alert.getGeneratorUrl());
  }

  /** The incident a stored state holds, with the alerts its snapshot carries. */
  static IncidentState state(IncidentEngineState stored) {
    Map<String, AlertObservation> alerts = new LinkedHashMap<>();
    for (IncidentAlert a : stored.getIncident().getAlerts()) {
      alerts.put(a.getFingerprint(), observation(a));
    }
    return state(stored, alerts);
  }

  static AlertObservation observation(IncidentAlert a) {
    return new AlertObservation(a.getFingerprint(), a.getStatus(), a.getLabels(), a.getAnnotations(),
        a.getStartsAt(), a.getEndsAt(), a.getSeverity(), a.getGeneratorUrl());
  }

  /** The incident a stored header holds, with {@code alerts} (kept apart from it) in arrival order. */
  static IncidentState state(IncidentEngineState stored, Map<String, AlertObservation> alerts) {
    Incident incident = stored.getIncident();
    Schedule schedule = new Schedule(stored.getNotifyAt(), stored.getNotified(), stored.getNotifiedSeq(),
        stored.getLastNotifiedAt(), stored.getUpdateAt(), stored.getPendingEvent() == null ? null
        : entry(stored.getPendingEvent()), stored.getRepeatAt(), stored.getRemindAt(), incident.getEscalationStep(),
        incident.getNextEscalationAt());
    return new IncidentState.Builder()
        .id(incident.getId())
        .groupKey(incident.getGroupKey())
        .routeId(incident.getRoute())
        .groupLabels(incident.getGroupLabels())
        .title(incident.getTitle())
        .description(incident.getDescription())
        .severity(incident.getSeverity())
        .status(incident.getStatus())
        .publicStatus(incident.getPublicStatus())
        .openedAt(incident.getOpenedAt())
        .acknowledgedAt(incident.getAcknowledgedAt())
        .resolvedAt(incident.getResolvedAt())
        .updatedAt(incident.getUpdatedAt())
        .receivers(incident.getReceivers())
        .assignee(incident.getAssignee() == null ? null : person(incident.getAssignee()))
        .affectedComponents(incident.getAffectedComponents())
        .impactDescription(incident.getImpactDescription())
        .classification(incident.getClassification())
        .falsePositive(incident.getFalsePositive())
        .alerts(alerts)
        .eventSeq(incident.getEventSeq())
        .groupOccurrence(incident.getGroupOccurrence())
        .reopenCount(incident.getReopenCount())
        .quietUntil(incident.getQuietUntil())
        .manual(incident.getManual())
        .escalationPolicy(incident.getEscalationPolicy())
        .suppressedBy(incident.getSuppressedBy())
        .schedule(schedule)
        .commandIds(stored.getCommandIds())
        .resultKeys(stored.getResultKeys())
        .build();
  }

  static IncidentEngineState stored(IncidentState state, Incident snapshot, Instant timerAt) {
    Schedule s = state.schedule();
    return IncidentEngineState.newBuilder()
        .setIncident(snapshot)
        .setNotifyAt(s.notifyAt())
        .setNotified(s.notified())
        .setNotifiedSeq(s.notifiedSeq())
        .setLastNotifiedAt(s.lastNotifiedAt())
        .setUpdateAt(s.updateAt())
        .setPendingEvent(s.pending() == null ? null : event(state, s.pending()))
        .setRepeatAt(s.repeatAt())
        .setRemindAt(s.remindAt())
        .setTimerAt(timerAt)
        .setCommandIds(new ArrayList<>(state.commandIds()))
        .setResultKeys(new ArrayList<>(state.resultKeys()))
        .build();
  }

  /** The incident with every alert the engine keeps: what a notification carries. */
  static Incident incident(IncidentState state) {
    List<IncidentAlert> alerts = new ArrayList<>(state.alerts().size());
    int firing = 0;
    for (AlertObservation a : state.alerts().values()) {
      alerts.add(alert(a));
      firing += a.firing() ? 1 : 0;
    }
    return incident(state, alerts, firing);
  }

  /**
   * The public snapshot on tocsin.incidents.v1: at most {@link #SNAPSHOT_ALERTS} alerts — the one
   * that opened the incident, then the most recent firing ones, then the most recent resolved
   * ones, in arrival order — so its size does not grow with the incident (every alert is on the
   * timeline); the counts say how many there are.
   */
  static Incident snapshot(IncidentState state) {
    if (state.alerts().size() <= SNAPSHOT_ALERTS) {
      return incident(state);
    }
    AlertObservation[] all = state.alerts().values().toArray(new AlertObservation[0]);
    boolean[] keep = new boolean[all.length];
    keep[0] = true;
    int kept = 1;
    int firing = all[0].firing() ? 1 : 0;
    for (int i = all.length - 1; i > 0; i--) {
      if (all[i].firing()) {
        firing++;
        if (kept < SNAPSHOT_ALERTS) {
          keep[i] = true;
          kept++;
        }
      }
    }
    for (int i = all.length - 1; i > 0 && kept < SNAPSHOT_ALERTS; i--) {
      if (!keep[i]) {
        keep[i] = true;
        kept++;
      }
    }
    List<IncidentAlert> alerts = new ArrayList<>(kept);
    for (int i = 0; i < all.length; i++) {
      if (keep[i]) {
        alerts.add(alert(all[i]));
      }
    }
    return incident(state, alerts, firing);
  }

  /** The snapshot without its alerts: what the engine stores per change, the alerts being stored apart. */
  static Incident header(IncidentState state) {
    return incident(state, List.of(), 0);
  }

  private static IncidentAlert alertOf(IncidentState state, String fingerprint) {
    AlertObservation observed = fingerprint == null ? null : state.alerts().get(fingerprint);
    return observed == null ? null : alert(observed);
  }

  static IncidentAlert alert(AlertObservation a) {
    return IncidentAlert.newBuilder()
        .setFingerprint(a.fingerprint())
        .setStatus(a.status())
        // The observation's maps are immutable already: the record only reads them.
        .setLabels(a.labels())
        .setAnnotations(a.annotations())
        .setStartsAt(a.startsAt())
        .setEndsAt(a.endsAt())
        .setSeverity(a.severity())
        .setGeneratorUrl(a.generatorUrl())
        .build();
  }

  private static Incident incident(IncidentState state, List<IncidentAlert> alerts, int firing) {
    return Incident.newBuilder()
        .setId(state.id())
        .setGroupKey(state.groupKey())
        .setGroupLabels(new LinkedHashMap<>(state.groupLabels()))
        .setTitle(state.title())
        .setDescription(state.description())
        .setSeverity(state.severity())
        .setStatus(state.status())
        .setPublicStatus(state.publicStatus())
        .setOpenedAt(state.openedAt())
        .setAcknowledgedAt(state.acknowledgedAt())
        .setResolvedAt(state.resolvedAt())
        .setUpdatedAt(state.updatedAt())
        .setReceivers(new ArrayList<>(state.receivers()))
        .setAssignee(state.assignee() == null ? null : actor(state.assignee()))
        .setAffectedComponents(new ArrayList<>(state.affectedComponents()))
        .setImpactDescription(state.impactDescription())
        .setAlerts(alerts)
        .setEventSeq(state.eventSeq())
        .setGroupOccurrence(state.groupOccurrence())
        .setReopenCount(state.reopenCount())
        .setQuietUntil(state.quietUntil())
        .setRoute(state.routeId())
        .setEscalationPolicy(state.escalationPolicy())
        .setEscalationStep(state.schedule().escalationStep())
        .setNextEscalationAt(state.schedule().escalateAt())
        .setSuppressedBy(state.suppressedBy())
        .setManual(state.manual())
        .setClassification(state.classification())
        .setFalsePositive(state.falsePositive())
        .setAlertCount(alerts.isEmpty() ? 0 : state.alerts().size())
        .setFiringCount(firing)
        .build();
  }

  static IncidentEvent event(IncidentState state, TimelineEntry entry) {
    return IncidentEvent.newBuilder()
        .setEventId(state.id() + ":" + entry.sequence())
        .setIncidentId(state.id())
        .setSequence(entry.sequence())
        .setType(entry.type())
        .setOccurredAt(entry.occurredAt())
        .setActor(actor(entry.actor()))
        .setMessage(entry.message())
        .setAlertFingerprint(entry.alertFingerprint())
        .setPreviousSeverity(entry.previousSeverity())
        .setSeverity(state.severity())
        .setStatus(state.status())
        .setPublicStatus(state.publicStatus())
        .setReceiver(entry.receiver())
        .setAlert(alertOf(state, entry.alertFingerprint()))
        .build();
  }

  static TimelineEntry entry(IncidentEvent event) {
    return new TimelineEntry(event.getSequence(), event.getType(), event.getOccurredAt(), event.getMessage(),
        event.getAlertFingerprint(), event.getPreviousSeverity(), person(event.getActor()), event.getReceiver());
  }

  /** The notification id is stable per (incident, event sequence, receiver), so redelivery can be detected. */
  static Notification notification(Incident incident, IncidentEvent event, String receiver, Instant now) {
    return Notification.newBuilder()
        .setNotificationId(incident.getId() + ":" + event.getSequence() + ":" + receiver)
        .setReceiver(receiver)
        .setEvent(event)
        .setIncident(incident)
        .setRequestedAt(now)
        .build();
  }

  static Command command(IncidentCommand c) {
    return new Command(c.getCommandId(), c.getType(), c.getIncidentId(), person(c.getActor()), c.getRequestedAt(),
        c.getMessage(), c.getPublicStatus(), c.getSeverity(), c.getTitle(), c.getDescription(),
        c.getAffectedComponents(), c.getImpactDescription(), c.getAssignee() == null ? null : person(c.getAssignee()),
        c.getMatchers(), c.getUntil(), c.getOrigin(), c.getClassification());
  }

  static Delivery delivery(DeliveryResult r) {
    return new Delivery(r.getNotificationId(), r.getReceiver(), r.getIntegration(), r.getOutcome(), r.getAttempts(),
        r.getStatusCode(), r.getReason());
  }

  static Silence silence(NewSilence s) {
    return Silence.newBuilder()
        .setId(s.id())
        .setMatchers(new ArrayList<>(s.matchers()))
        .setStartsAt(s.startsAt())
        .setEndsAt(s.endsAt())
        .setCreatedBy(actor(s.createdBy()))
        .setComment(s.comment())
        .setIncidentId(s.incidentId())
        .build();
  }

  /** A stored silence for matching; its matchers were validated when it was created. */
  static dev.tocsin.incidents.config.Silence silence(Silence s) {
    Actor by = s.getCreatedBy();
    // The record allows no comment; a silence from a command without a reason has none.
    return new dev.tocsin.incidents.config.Silence(s.getId(), Matchers.parse(s.getMatchers()), s.getStartsAt(),
        s.getEndsAt(), by.getName() == null ? by.getId() : by.getName(), s.getComment() == null ? ""
        : s.getComment());
  }

  static IncidentEvent rejection(IncidentCommand command, String reason, Instant now) {
    String incidentId = command.getIncidentId() == null ? "none" : command.getIncidentId();
    return IncidentEvent.newBuilder()
        .setEventId(incidentId + ":rejected:" + command.getCommandId())
        .setIncidentId(incidentId)
        .setSequence(0)
        .setType(dev.tocsin.avro.IncidentEventType.COMMAND_REJECTED)
        .setOccurredAt(now)
        .setActor(command.getActor())
        .setMessage(command.getType() + " rejected: " + reason)
        .setSeverity(command.getSeverity() == null ? dev.tocsin.avro.Severity.P3 : command.getSeverity())
        .setStatus(dev.tocsin.avro.IncidentStatus.TRIGGERED)
        .setPublicStatus(dev.tocsin.avro.PublicStatus.INVESTIGATING)
        .build();
  }

  private static Person person(Actor actor) {
    return new Person(actor.getKind(), actor.getId(), actor.getName());
  }

  private static Actor actor(Person person) {
    return Actor.newBuilder().setKind(person.kind()).setId(person.id()).setName(person.name()).build();
  }
}
