package dev.tocsin.incidents.domain;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.config.EngineConfig;
import dev.tocsin.incidents.config.EngineConfigFile;
import dev.tocsin.incidents.config.RouteMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one incident group through the lifecycle and the notification policy the way the
 * engine's processor does, with time under the test's control: {@link #advance} fires every timer
 * at its due time, in order. Records each delivery and timeline entry.
 */
final class Simulation {
  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  static final Map<String, String> CHECKOUT = Map.of("alertname", "HighErrorRate", "service", "checkout");

  /** A delivery as it happened: when, to whom, about what. */
  record Sent(Duration at, String receiver, IncidentEventType type, long sequence) {
  }

  final EngineConfig config;
  final IncidentLifecycle lifecycle;
  final NotificationPolicy policy;
  final List<Sent> sent = new ArrayList<>();
  final List<TimelineEntry> timeline = new ArrayList<>();
  Mute mute = Mute.NEVER;
  IncidentState incident;
  Instant now = T0;
  private int commands;

  Simulation(String yaml) {
    EngineConfig defaults = EngineConfig.defaults(List.of("default"), List.of("alertname", "service"),
        Duration.ofMinutes(5));
    this.config = yaml == null ? defaults : EngineConfigFile.parse(yaml, "test.yml", Map.of(), defaults);
    this.lifecycle = new IncidentLifecycle(config.severity(), config.quietPeriod());
    this.policy = new NotificationPolicy(config);
  }

  Simulation fire(String fingerprint, Map<String, String> labels) {
    return alert(fingerprint, labels, AlertStatus.FIRING);
  }

  Simulation resolve(String fingerprint, Map<String, String> labels) {
    return alert(fingerprint, labels, AlertStatus.RESOLVED);
  }

  Simulation alert(String fingerprint, Map<String, String> labels, AlertStatus status) {
    RouteMatch match = config.routes().match(labels).get(0);
    AlertObservation alert = new AlertObservation(fingerprint, status, labels, Map.of("summary", "5xx high"), T0,
        status == AlertStatus.RESOLVED ? now : null, config.severity().classify(labels, null), null);
    return apply(lifecycle.apply(incident, match.groupKey(), match.route().id(), match.groupLabels(), alert, now));
  }

  Simulation command(CommandType type, Command template) {
    Command c = new Command("cmd-" + (++commands), type, incident == null ? null : incident.id(),
        new Person("user", "U1", "Ada"), now, template.message(), template.publicStatus(), template.severity(),
        template.title(), template.description(), template.affectedComponents(), template.impactDescription(),
        template.assignee(), template.matchers(), template.until(), "slack");
    return apply(type == CommandType.CREATE ? lifecycle.create(c, "manual:" + c.commandId(), "{}", now)
        : lifecycle.command(incident, c, now));
  }

  Simulation command(CommandType type) {
    return command(type, blank());
  }

  static Command blank() {
    return new Command("template", CommandType.UNKNOWN, null, Person.ENGINE, T0, null, null, null, null, null,
        List.of(), null, null, List.of(), null, null);
  }

  static Command with(String message, dev.tocsin.avro.PublicStatus status, Severity severity) {
    return new Command("template", CommandType.UNKNOWN, null, Person.ENGINE, T0, message, status, severity, null,
        null, List.of(), null, null, List.of(), null, null);
  }

  Transition last;

  Simulation apply(Transition t) {
    last = t;
    if (t instanceof Transition.Applied applied) {
      record(policy.after(applied, mute, now));
    }
    return this;
  }

  /** Moves time forward by {@code by}, firing every timer that falls due on the way at its due time. */
  Simulation advance(Duration by) {
    Instant target = now.plus(by);
    while (incident != null) {
      Instant due = nextDue();
      if (due == null || due.isAfter(target)) {
        break;
      }
      now = due.isBefore(now) ? now : due;
      Transition quiet = lifecycle.quietPeriodElapsed(incident, now);
      if (quiet instanceof Transition.Applied applied) {
        record(policy.after(applied, mute, now));
      }
      record(policy.onTimer(incident, mute, now));
    }
    now = target;
    return this;
  }

  private Instant nextDue() {
    Instant due = incident.schedule().next().orElse(null);
    Instant quiet = incident.monitoring() ? incident.quietUntil() : null;
    return quiet != null && (due == null || quiet.isBefore(due)) ? quiet : due;
  }

  private void record(Step step) {
    incident = step.incident();
    timeline.addAll(step.events());
    for (Page page : step.pages()) {
      sent.add(new Sent(Duration.between(T0, now), page.receiver(), page.entry().type(), page.entry().sequence()));
    }
  }

  /** Deliveries so far as "receiver TYPE @offset" lines, e.g. {@code "default OPENED @PT30S"}. */
  List<String> deliveries() {
    return sent.stream().map(s -> s.receiver() + " " + s.type() + " @" + s.at()).toList();
  }

  Map<IncidentEventType, Long> timelineCounts() {
    Map<IncidentEventType, Long> counts = new LinkedHashMap<>();
    timeline.forEach(e -> counts.merge(e.type(), 1L, Long::sum));
    return counts;
  }

  List<IncidentEventType> timelineTypes() {
    return timeline.stream().map(TimelineEntry::type).toList();
  }
}
