package dev.tocsin.incidents.domain;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.config.Matcher;
import dev.tocsin.incidents.config.Matchers;
import dev.tocsin.incidents.config.SeverityPolicy;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident state machine: one open incident per group; a firing alert opens or joins it;
 * when its last alert resolves the incident monitors for a quiet period and resolves unless an
 * alert fires again (then the same incident reopens, and nobody is paged twice). A resolved
 * incident never takes new alerts. Severity is the most urgent of the firing alerts, raised to P0
 * by the impact rule, and only rises automatically; humans set it either way. Commands
 * (acknowledge, resolve, post update, set status or severity, assign, create, silence) are applied
 * once per command id. Pure and stateless.
 */
public final class IncidentLifecycle {
  /** Alerts an incident keeps; beyond it the oldest resolved ones are dropped so a snapshot stays small. */
  public static final int MAX_ALERTS = 200;
  /** Command ids an incident remembers to apply each command once. */
  static final int REMEMBERED_COMMANDS = 128;
  /** Delivery results an incident remembers to record each once (notifications × integrations). */
  static final int REMEMBERED_RESULTS = 1024;

  private final SeverityPolicy severityPolicy;
  private final Duration quietPeriod;

  /**
   * @param severityPolicy for the impact rule and the default severity of manual incidents
   * @param quietPeriod how long an incident whose alerts all resolved waits before it resolves;
   *     zero resolves at once
   */
  public IncidentLifecycle(SeverityPolicy severityPolicy, Duration quietPeriod) {
    if (quietPeriod.isNegative()) {
      throw new IllegalArgumentException("quiet period must not be negative: " + quietPeriod);
    }
    this.severityPolicy = severityPolicy;
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
    TimelineEntry resolved = new TimelineEntry(incident.eventSeq() + 1, IncidentEventType.RESOLVED, now,
        "no alert fired again for " + quietPeriod.toSeconds() + " s", null, null);
    return new Transition.Resolved(resolve(incident, now).eventSeq(resolved.sequence()).build(), List.of(resolved));
  }

  /**
   * Applies one alert (already deduplicated) to the latest incident of its group.
   *
   * @param latest the group's latest incident, open or resolved, or null if it never had one
   * @param routeId the route whose group this is
   */
  public Transition apply(IncidentState latest, String groupKey, String routeId, Map<String, String> groupLabels,
      AlertObservation alert, Instant now) {
    if (latest == null || !latest.open()) {
      if (!alert.firing()) {
        return new Transition.NoOp("resolved alert " + alert.fingerprint() + " has no open incident");
      }
      return open(latest == null ? 1 : latest.groupOccurrence() + 1, groupKey, routeId, groupLabels, alert, now);
    }
    AlertObservation known = latest.alerts().get(alert.fingerprint());
    if (alert.firing()) {
      if (known != null && known.firing()) {
        return refresh(latest, alert, now);
      }
      return attach(latest, alert, known == null, now);
    }
    if (known == null || !known.firing()) {
      return new Transition.NoOp("alert " + alert.fingerprint() + " is not firing in " + latest.id());
    }
    return resolveAlert(latest, alert, now);
  }

  private Transition open(int occurrence, String groupKey, String routeId, Map<String, String> groupLabels,
      AlertObservation alert, Instant now) {
    Map<String, AlertObservation> alerts = new LinkedHashMap<>();
    alerts.put(alert.fingerprint(), alert);
    IncidentState incident = new IncidentState.Builder()
        .id(IncidentIds.of(groupKey, occurrence))
        .groupKey(groupKey)
        .routeId(routeId)
        .groupLabels(groupLabels)
        .title(title(groupLabels, alert))
        .description(alert.annotations().get("summary"))
        .severity(alert.severity())
        .openedAt(now)
        .updatedAt(now)
        .alerts(alerts)
        .eventSeq(1)
        .groupOccurrence(occurrence)
        .build();
    TimelineEntry opened = new TimelineEntry(1, IncidentEventType.OPENED, now, "opened by " + describe(alert),
        alert.fingerprint(), null);
    return new Transition.Opened(incident, List.of(opened));
  }

  private Transition attach(IncidentState incident, AlertObservation alert, boolean isNew, Instant now) {
    Map<String, AlertObservation> alerts = FrozenMap.with(incident.alerts(), alert.fingerprint(), alert);
    List<TimelineEntry> events = new ArrayList<>();
    IncidentState.Builder next = incident.toBuilder().alerts(bounded(alerts)).updatedAt(now).quietUntil(null);
    if (incident.monitoring()) {
      // An alert firing while the incident monitors reopens it: back under investigation, same incident.
      events.add(new TimelineEntry(incident.eventSeq() + 1, IncidentEventType.REOPENED, now,
          "alert fired again during the quiet period: " + describe(alert), alert.fingerprint(), null));
      next.publicStatus(PublicStatus.INVESTIGATING).reopenCount(incident.reopenCount() + 1);
    } else {
      events.add(new TimelineEntry(incident.eventSeq() + 1, IncidentEventType.ALERT_ADDED, now,
          (isNew ? "alert added: " : "alert fired again: ") + describe(alert), alert.fingerprint(), null));
    }
    Severity raised = raiseSeverity(incident, alerts, alert, now, events);
    return new Transition.AlertAttached(next.severity(raised).eventSeq(incident.eventSeq() + events.size()).build(),
        events);
  }

  private Transition refresh(IncidentState incident, AlertObservation alert, Instant now) {
    Map<String, AlertObservation> alerts = FrozenMap.with(incident.alerts(), alert.fingerprint(), alert);
    List<TimelineEntry> events = new ArrayList<>();
    Severity raised = raiseSeverity(incident, alerts, alert, now, events);
    return new Transition.AlertRefreshed(incident.toBuilder().alerts(alerts).severity(raised).updatedAt(now)
        .eventSeq(incident.eventSeq() + events.size()).build(), events);
  }

  private Transition resolveAlert(IncidentState incident, AlertObservation alert, Instant now) {
    Map<String, AlertObservation> alerts = FrozenMap.with(incident.alerts(), alert.fingerprint(),
        alert.withStatus(AlertStatus.RESOLVED, alert.endsAt() == null ? now : alert.endsAt()));
    long seq = incident.eventSeq();
    List<TimelineEntry> events = new ArrayList<>();
    events.add(new TimelineEntry(++seq, IncidentEventType.ALERT_RESOLVED, now, "alert resolved: " + describe(alert),
        alert.fingerprint(), null));
    IncidentState.Builder next = incident.toBuilder().alerts(bounded(alerts)).updatedAt(now);
    boolean anyFiring = alerts.values().stream().anyMatch(AlertObservation::firing);
    if (anyFiring) {
      return new Transition.AlertResolved(next.eventSeq(seq).build(), events);
    }
    if (quietPeriod.isZero()) {
      events.add(new TimelineEntry(++seq, IncidentEventType.RESOLVED, now, "all alerts resolved", null, null));
      return new Transition.Resolved(resolve(next.build(), now).eventSeq(seq).build(), events);
    }
    return new Transition.Monitoring(next.publicStatus(PublicStatus.MONITORING).quietUntil(now.plus(quietPeriod))
        .eventSeq(seq).build(), events);
  }

  /** Opens a manual incident a human declared (CREATE); its group is its own. */
  public Transition create(Command command, String groupKey, String routeId, Instant now) {
    if (command.title() == null || command.title().isBlank()) {
      return new Transition.NoOp("create without a title");
    }
    Severity severity = command.severity() == null ? severityPolicy.defaultSeverity() : command.severity();
    IncidentState incident = new IncidentState.Builder()
        .id(IncidentIds.of(groupKey, 1))
        .groupKey(groupKey)
        .routeId(routeId)
        .title(command.title().strip())
        .description(command.description())
        .severity(severity)
        .openedAt(now)
        .updatedAt(now)
        .affectedComponents(command.affectedComponents())
        .impactDescription(command.impactDescription())
        .classification(command.classification() == null || command.classification().isBlank() ? null
            : command.classification().strip())
        .eventSeq(1)
        .manual(true)
        .commandIds(List.of(command.commandId()))
        .build();
    TimelineEntry opened = new TimelineEntry(1, IncidentEventType.OPENED, now,
        "declared by " + command.actor().display() + ": " + command.title().strip(), null, null, command.actor(),
        null);
    return new Transition.Opened(incident, List.of(opened));
  }

  /** Applies a command to an existing incident, once per command id. */
  public Transition command(IncidentState incident, Command command, Instant now) {
    if (incident.commandIds().contains(command.commandId())) {
      return new Transition.NoOp("command " + command.commandId() + " already applied");
    }
    IncidentState.Builder next = incident.toBuilder().commandIds(remember(incident.commandIds(),
        command.commandId()));
    long seq = incident.eventSeq() + 1;
    Person actor = command.actor();
    CommandType type = command.type() == null ? CommandType.UNKNOWN : command.type();
    String reason = command.message() == null || command.message().isBlank() ? "" : ": " + command.message().strip();
    switch (type) {
      case ADD_NOTE: {
        if (reason.isEmpty()) {
          return reject(incident, next, command, "message: a note needs a message", now);
        }
        TimelineEntry e = entry(seq, IncidentEventType.NOTE_ADDED, now, "note by " + actor.display() + reason, actor);
        return new Transition.Annotated(next.updatedAt(now).eventSeq(seq).build(), List.of(e));
      }
      case MARK_FALSE_POSITIVE: {
        if (incident.falsePositive()) {
          return new Transition.NoOp(incident.id() + " already marked a false positive");
        }
        TimelineEntry e = entry(seq, IncidentEventType.MARKED_FALSE_POSITIVE, now,
            "marked a false positive by " + actor.display() + reason, actor);
        return new Transition.Annotated(next.falsePositive(true).updatedAt(now).eventSeq(seq).build(), List.of(e));
      }
      case REOPEN: {
        if (incident.open()) {
          return reject(incident, next, command, "incident is not resolved", now);
        }
        TimelineEntry e = entry(seq, IncidentEventType.REOPENED, now, "reopened by " + actor.display() + reason,
            actor);
        return new Transition.Changed(next.status(IncidentStatus.TRIGGERED).publicStatus(PublicStatus.INVESTIGATING)
            .acknowledgedAt(null).resolvedAt(null).quietUntil(null).reopenCount(incident.reopenCount() + 1)
            .updatedAt(now).eventSeq(seq).build(), List.of(e));
      }
      default:
        break;
    }
    if (!incident.open()) {
      return reject(incident, next, command, "incident is already resolved", now);
    }
    switch (type) {
      case SET_IMPACT: {
        if (command.affectedComponents().isEmpty() && command.impactDescription() == null) {
          return reject(incident, next, command, "affectedComponents: or impactDescription: is required", now);
        }
        List<String> components = command.affectedComponents().isEmpty() ? incident.affectedComponents()
            : command.affectedComponents();
        String impact = command.impactDescription() == null ? incident.impactDescription()
            : command.impactDescription().strip();
        TimelineEntry e = entry(seq, IncidentEventType.IMPACT_CHANGED, now, "impact set by " + actor.display()
            + ": components " + (components.isEmpty() ? "none" : String.join(", ", components))
            + (impact == null || impact.isEmpty() ? "" : "; " + impact), actor);
        return new Transition.Changed(next.affectedComponents(components).impactDescription(impact).updatedAt(now)
            .eventSeq(seq).build(), List.of(e));
      }
      case ACKNOWLEDGE: {
        if (incident.status() == IncidentStatus.ACKNOWLEDGED) {
          return new Transition.NoOp(incident.id() + " already acknowledged");
        }
        TimelineEntry e = entry(seq, IncidentEventType.ACKNOWLEDGED, now,
            "acknowledged by " + actor.display() + via(command), actor);
        return new Transition.Acknowledged(next.status(IncidentStatus.ACKNOWLEDGED).acknowledgedAt(now)
            .updatedAt(now).eventSeq(seq).build(), List.of(e));
      }
      case RESOLVE: {
        long firing = incident.firingCount();
        String text = "resolved by " + actor.display() + via(command)
            + (firing > 0 ? " with " + firing + " alert(s) still firing" : "")
            + (command.message() == null || command.message().isBlank() ? "" : ": " + command.message().strip());
        TimelineEntry e = entry(seq, IncidentEventType.RESOLVED, now, text, actor);
        return new Transition.Resolved(resolve(next.build(), now).eventSeq(seq).build(), List.of(e));
      }
      case POST_UPDATE: {
        if (command.message() == null || command.message().isBlank()) {
          return reject(incident, next, command, "message: an update needs a message", now);
        }
        PublicStatus status = command.publicStatus() == null ? incident.publicStatus() : command.publicStatus();
        TimelineEntry e = entry(seq, IncidentEventType.UPDATE_POSTED, now,
            "[" + status.name().toLowerCase(java.util.Locale.ROOT) + "] " + command.message().strip(), actor);
        if (status == PublicStatus.RESOLVED) {
          return new Transition.Resolved(resolve(next.build(), now).eventSeq(seq).build(), List.of(e));
        }
        return new Transition.Changed(next.publicStatus(status).updatedAt(now).eventSeq(seq).build(), List.of(e));
      }
      case SET_STATUS: {
        if (command.publicStatus() == null) {
          return reject(incident, next, command, "publicStatus: is required", now);
        }
        TimelineEntry e = entry(seq, IncidentEventType.STATUS_CHANGED, now, "status set to "
            + command.publicStatus().name().toLowerCase(java.util.Locale.ROOT) + " by " + actor.display(), actor);
        if (command.publicStatus() == PublicStatus.RESOLVED) {
          return new Transition.Resolved(resolve(next.build(), now).eventSeq(seq).build(), List.of(e));
        }
        return new Transition.Changed(next.publicStatus(command.publicStatus()).updatedAt(now).eventSeq(seq).build(),
            List.of(e));
      }
      case SET_SEVERITY: {
        if (command.severity() == null) {
          return reject(incident, next, command, "severity: is required", now);
        }
        if (command.severity() == incident.severity()) {
          return new Transition.NoOp(incident.id() + " already " + incident.severity());
        }
        TimelineEntry e = new TimelineEntry(seq, IncidentEventType.SEVERITY_CHANGED, now, "severity set from "
            + incident.severity() + " to " + command.severity() + " by " + actor.display(), null,
            incident.severity(), actor, null);
        return new Transition.Changed(next.severity(command.severity()).updatedAt(now).eventSeq(seq).build(),
            List.of(e));
      }
      case ASSIGN: {
        if (command.assignee() == null) {
          return reject(incident, next, command, "assignee: is required", now);
        }
        TimelineEntry e = entry(seq, IncidentEventType.ASSIGNED, now, "assigned to " + command.assignee().display()
            + " by " + actor.display(), actor);
        return new Transition.Changed(next.assignee(command.assignee()).updatedAt(now).eventSeq(seq).build(),
            List.of(e));
      }
      case SILENCE:
        return silence(incident, next, command, seq, now);
      case CREATE:
        return reject(incident, next, command, "create names no incident; " + incident.id() + " already exists", now);
      default:
        return reject(incident, next, command, "unknown command type " + type, now);
    }
  }

  /**
   * Puts a delivery's outcome on the timeline ("paged via pagerduty", "slack delivery failed:
   * 403"), once per notification and integration. Deliberately skipped deliveries are not recorded.
   */
  public Transition delivered(IncidentState incident, Delivery delivery, Instant now) {
    String key = "result:" + delivery.notificationId() + ":" + delivery.integration();
    if (incident.resultKeys().contains(key)) {
      return new Transition.NoOp("result already recorded: " + key);
    }
    long seq = incident.eventSeq() + 1;
    String where = delivery.integration() + " (receiver " + delivery.receiver() + ")";
    TimelineEntry entry;
    switch (delivery.outcome()) {
      case DELIVERED:
        entry = new TimelineEntry(seq, IncidentEventType.NOTIFIED, now,
            ("pagerduty".equals(delivery.integration()) ? "paged via " : "notified via ") + where
                + (delivery.attempts() > 1 ? " after " + delivery.attempts() + " attempts" : ""),
            null, null, Person.ENGINE, delivery.receiver());
        break;
      case SUPPRESSED:
        return new Transition.NoOp("delivery skipped by " + where);
      default:
        entry = new TimelineEntry(seq, IncidentEventType.NOTIFICATION_FAILED, now,
            delivery.integration() + " delivery failed"
                + (delivery.statusCode() == null ? "" : ": " + delivery.statusCode())
                + (delivery.reason() == null ? "" : " (" + delivery.reason() + ")")
                + " after " + delivery.attempts() + " attempt(s), receiver " + delivery.receiver(),
            null, null, Person.ENGINE, delivery.receiver());
        break;
    }
    return new Transition.Recorded(incident.toBuilder()
        .resultKeys(remember(incident.resultKeys(), key, REMEMBERED_RESULTS))
        .eventSeq(seq).updatedAt(now).build(), List.of(entry));
  }

  private Transition silence(IncidentState incident, IncidentState.Builder next, Command command, long seq,
      Instant now) {
    if (command.until() == null || !command.until().isAfter(now)) {
      return reject(incident, next, command, "until: a silence needs an end in the future", now);
    }
    List<String> matchers = new ArrayList<>();
    if (command.matchers().isEmpty()) {
      incident.groupLabels().forEach((name, value) -> matchers.add(new Matcher(name, Matcher.Type.EQUAL, value)
          .toString()));
    } else {
      for (String text : command.matchers()) {
        try {
          matchers.add(Matcher.parse(text).toString());
        } catch (IllegalArgumentException e) {
          return reject(incident, next, command, "matchers: " + e.getMessage(), now);
        }
      }
    }
    if (Matchers.parse(matchers).matchesEmptyLabelSet()) {
      // As Alertmanager: a silence must name something, or it would mute every alert.
      return reject(incident, next, command, "matchers: a silence must match something specific; "
          + (matchers.isEmpty() ? "this incident has no group labels, give matchers" : matchers
          + " match every alert"), now);
    }
    NewSilence silence = new NewSilence(command.commandId(), matchers, now, command.until(), command.actor(),
        command.message(), incident.id());
    TimelineEntry e = entry(seq, IncidentEventType.SILENCED, now, "silenced by " + command.actor().display()
        + " until " + command.until() + " (" + String.join(", ", matchers) + ")"
        + (command.message() == null ? "" : ": " + command.message()), command.actor());
    return new Transition.Silenced(next.updatedAt(now).eventSeq(seq).build(), List.of(e), silence);
  }

  private static Transition reject(IncidentState incident, IncidentState.Builder next, Command command,
      String reason, Instant now) {
    long seq = incident.eventSeq() + 1;
    TimelineEntry e = entry(seq, IncidentEventType.COMMAND_REJECTED, now,
        command.type() + " from " + command.actor().display() + " rejected: " + reason, command.actor());
    return new Transition.Rejected(next.updatedAt(now).eventSeq(seq).build(), List.of(e));
  }

  private static IncidentState.Builder resolve(IncidentState incident, Instant now) {
    return incident.toBuilder().status(IncidentStatus.RESOLVED).publicStatus(PublicStatus.RESOLVED).resolvedAt(now)
        .updatedAt(now).quietUntil(null);
  }

  private static TimelineEntry entry(long seq, IncidentEventType type, Instant now, String message, Person actor) {
    return new TimelineEntry(seq, type, now, message, null, null, actor, null);
  }

  private static String via(Command command) {
    return command.origin() == null || command.origin().isBlank() ? "" : " via " + command.origin();
  }

  private static List<String> remember(List<String> ids, String id) {
    return remember(ids, id, REMEMBERED_COMMANDS);
  }

  private static List<String> remember(List<String> ids, String id, int capacity) {
    List<String> all = new ArrayList<>(ids);
    all.add(id);
    return all.size() > capacity ? all.subList(all.size() - capacity, all.size()) : all;
  }

  /** Drops the oldest resolved alerts beyond {@link #MAX_ALERTS}; firing alerts are always kept. */
  static Map<String, AlertObservation> bounded(Map<String, AlertObservation> alerts) {
    if (alerts.size() <= MAX_ALERTS) {
      return alerts;
    }
    Map<String, AlertObservation> kept = new LinkedHashMap<>(alerts);
    Iterator<AlertObservation> it = kept.values().iterator();
    while (kept.size() > MAX_ALERTS && it.hasNext()) {
      if (!it.next().firing()) {
        it.remove();
      }
    }
    return kept;
  }

  /**
   * The incident's severity once {@code alert} counts: the most urgent firing alert, raised to P0
   * when the impact rule applies; automatic changes only ever raise it. A raise appends a
   * SEVERITY_CHANGED entry to {@code events}, numbered after those already there.
   */
  private Severity raiseSeverity(IncidentState incident, Map<String, AlertObservation> alerts,
      AlertObservation alert, Instant now, List<TimelineEntry> events) {
    Severity raised = Severities.max(incident.severity(), alert.severity());
    String why = "by " + alert.fingerprint();
    // The impact rule only raises to P0, and only when this alert adds a value of the impact label
    // that no other firing alert has (else the rule's answer is what it was before this alert).
    Optional<Severity> impact = raised == Severity.P0 || !addsImpactValue(alerts, alert) ? Optional.empty()
        : severityPolicy.impact(new FiringLabels(alerts));
    if (impact.isPresent() && Severities.max(raised, impact.get()) != raised) {
      raised = Severities.max(raised, impact.get());
      why = "by the impact rule: firing alerts span more than " + severityPolicy.impactServicesForP0() + " "
          + severityPolicy.impactLabel() + " values";
    }
    if (raised != incident.severity()) {
      events.add(new TimelineEntry(incident.eventSeq() + events.size() + 1, IncidentEventType.SEVERITY_CHANGED, now,
          "severity raised from " + incident.severity() + " to " + raised + " " + why, alert.fingerprint(),
          incident.severity()));
    }
    return raised;
  }

  /**
   * True when {@code alert} fires with a value of the impact label that no other firing alert of
   * {@code alerts} has; the scan ends at the first alert that shares it, which in an incident of
   * one service is the first one.
   */
  private boolean addsImpactValue(Map<String, AlertObservation> alerts, AlertObservation alert) {
    String value = alert.labels().get(severityPolicy.impactLabel());
    if (value == null || value.isEmpty() || !alert.firing()) {
      return false;
    }
    for (AlertObservation other : alerts.values()) {
      if (other.firing() && !other.fingerprint().equals(alert.fingerprint())
          && value.equals(other.labels().get(severityPolicy.impactLabel()))) {
        return false;
      }
    }
    return true;
  }

  /** The labels of the firing alerts, read in place (no copy per alert). */
  private record FiringLabels(Map<String, AlertObservation> alerts) implements Iterable<Map<String, String>> {
    @Override
    public Iterator<Map<String, String>> iterator() {
      Iterator<AlertObservation> all = alerts.values().iterator();
      return new Iterator<>() {
        private AlertObservation next = advance();

        private AlertObservation advance() {
          while (all.hasNext()) {
            AlertObservation candidate = all.next();
            if (candidate.firing()) {
              return candidate;
            }
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Map<String, String> next() {
          if (next == null) {
            throw new java.util.NoSuchElementException();
          }
          Map<String, String> labels = next.labels();
          next = advance();
          return labels;
        }
      };
    }
  }

  private static String title(Map<String, String> groupLabels, AlertObservation alert) {
    String alertname = alert.labels().getOrDefault("alertname", "alert");
    String service = groupLabels.getOrDefault("service", alert.labels().getOrDefault("service", ""));
    return service.isEmpty() ? alertname : alertname + " on " + service;
  }

  static String describe(AlertObservation alert) {
    String summary = alert.annotations().get("summary");
    String name = alert.labels().getOrDefault("alertname", alert.fingerprint());
    return summary == null ? name : name + " (" + summary + ")";
  }
}
