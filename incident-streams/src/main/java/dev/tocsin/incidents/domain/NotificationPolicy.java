package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.incidents.config.EngineConfig;
import dev.tocsin.incidents.config.EscalationLevel;
import dev.tocsin.incidents.config.EscalationPolicy;
import dev.tocsin.incidents.config.Route;
import dev.tocsin.schemas.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who hears about an incident, and when: {@code group_wait} delays the first notification (not
 * the incident); {@code group_interval} batches later alert changes into one update;
 * {@code repeat_interval} re-notifies an unacknowledged incident; the escalation policy pages its
 * levels until someone acknowledges (holding off while every alert has resolved); update reminders follow the severity's cadence until the
 * incident resolves. Human actions are told at once. A silenced or inhibited incident's
 * notifications are held back and the timeline says why; closing news (acknowledged, resolved) still
 * reaches receivers that were told about the incident. Pure and stateless.
 */
public final class NotificationPolicy {
  private final EngineConfig config;

  public NotificationPolicy(EngineConfig config) {
    this.config = config;
  }

  /** What follows a transition. */
  public Step after(Transition.Applied transition, Mute mute, Instant now) {
    Draft d = new Draft(transition.incident(), transition.events(), mute, now);
    IncidentState s = transition.incident();
    Schedule schedule = s.schedule();
    TimelineEntry last = transition.events().isEmpty() ? null
        : transition.events().get(transition.events().size() - 1);
    switch (transition.kind()) {
      case OPENED -> {
        Duration wait = route(s).groupWait();
        if (s.manual() || wait.isZero()) {
          d.announce(last);
        } else {
          d.schedule(schedule.withNotifyAt(now.plus(wait), last));
        }
      }
      case RESOLVED -> {
        if (schedule.notified()) {
          d.tell(s.receivers(), last, false);
        }
        d.schedule(d.schedule().stopped());
      }
      case ACKNOWLEDGED -> {
        if (schedule.notified()) {
          d.tell(s.receivers(), last, false);
        }
        d.schedule(d.schedule().withEscalation(schedule.escalationStep(), null).withRepeatAt(null));
      }
      case CHANGED, SILENCED -> {
        if (schedule.notified()) {
          d.tell(s.receivers(), last, true);
        }
        if (last != null && last.type() == IncidentEventType.UPDATE_POSTED && schedule.remindAt() != null) {
          d.schedule(d.schedule().withRemindAt(reminder(s).map(now::plus).orElse(null)));
        }
      }
      case ALERT_ATTACHED, ALERT_RESOLVED, ALERT_REFRESHED, MONITORING -> {
        // Alert changes: batched into one update per group_interval.
        if (last != null && schedule.notified()) {
          Instant due = schedule.lastNotifiedAt() == null ? now
              : schedule.lastNotifiedAt().plus(route(s).groupInterval());
          if (!due.isAfter(now)) {
            d.tell(s.receivers(), last, true);
          } else {
            Instant pendingAt = d.schedule().updateAt();
            d.schedule(d.schedule().withUpdate(pendingAt == null ? due : pendingAt, last));
          }
        }
      }
      case ANNOTATED, RECORDED, REJECTED -> {
        // Only the timeline (and, for a note or a false positive, the snapshot) hears of these.
      }
    }
    if (schedule.notified() && s.open() && transition.events().stream().anyMatch(e ->
        e.type() == IncidentEventType.SEVERITY_CHANGED && e.previousSeverity() != null
            && s.severity().ordinal() < e.previousSeverity().ordinal())) {
      d.severityRaised();
    } else if (schedule.notified() && s.open() && transition.events().stream().anyMatch(e ->
        e.type() == IncidentEventType.SEVERITY_CHANGED)) {
      d.severityLowered();
    }
    return d.step();
  }

  /** What the incident's due timers (not the quiet period; see {@link IncidentLifecycle}) ask for at {@code now}. */
  public Step onTimer(IncidentState s, Mute mute, Instant now) {
    Draft d = new Draft(s, List.of(), mute, now);
    Schedule schedule = s.schedule();
    if (due(schedule.notifyAt(), now)) {
      d.announce(schedule.pending() != null ? schedule.pending()
          : new TimelineEntry(1, IncidentEventType.OPENED, s.openedAt(), "opened", null, null));
    }
    if (due(d.schedule().updateAt(), now)) {
      TimelineEntry pending = d.schedule().pending();
      d.schedule(d.schedule().withUpdate(null, null));
      if (pending != null) {
        d.tell(s.receivers(), pending, true);
      }
    }
    if (due(d.schedule().escalateAt(), now)) {
      d.escalate();
    }
    if (due(d.schedule().remindAt(), now)) {
      Optional<Duration> every = reminder(s);
      if (s.open() && every.isPresent()) {
        TimelineEntry e = d.add(IncidentEventType.REMINDER_DUE, s.severity() + " incident open for "
            + Durations.format(Duration.between(s.openedAt(), now).withNanos(0)) + ": time to post an update (every "
            + Durations.format(every.get()) + ")", null);
        d.remind(route(s).receivers(), e);
      }
      d.schedule(d.schedule().withRemindAt(s.open() ? every.map(now::plus).orElse(null) : null));
    }
    if (due(d.schedule().repeatAt(), now)) {
      boolean unacknowledged = s.status() == IncidentStatus.TRIGGERED && d.schedule().notified();
      if (unacknowledged && s.monitoring()) {
        // Like Alertmanager, repeat only what still fires; the next repeat is one interval on.
        d.schedule(d.schedule().withRepeatAt(now.plus(route(s).repeatInterval())));
        return d.step();
      }
      Duration repeat = route(s).repeatInterval();
      if (unacknowledged) {
        TimelineEntry e = d.add(IncidentEventType.REMINDER_DUE, "still unacknowledged after "
            + Durations.format(Duration.between(s.openedAt(), now).withNanos(0)) + " (repeat_interval "
            + Durations.format(repeat) + ")", null);
        d.remind(d.receivers(), e);
      }
      d.schedule(d.schedule().withRepeatAt(unacknowledged ? now.plus(repeat) : null));
    }
    return d.step();
  }

  private static boolean due(Instant at, Instant now) {
    return at != null && !at.isAfter(now);
  }

  private Route route(IncidentState s) {
    return s.routeId() == null ? config.routes().root()
        : config.routes().route(s.routeId()).orElse(config.routes().root());
  }

  private Optional<Duration> reminder(IncidentState s) {
    return config.reminderInterval(s.severity());
  }

  /** One step being put together: the incident as it changes, its new entries and pages. */
  private final class Draft {
    private final IncidentState.Builder incident;
    private final IncidentState original;
    private final List<TimelineEntry> events;
    private final List<Page> pages = new ArrayList<>();
    private final Mute mute;
    private final Instant now;
    private Schedule schedule;
    private long seq;
    private Optional<Suppression> suppression;

    Draft(IncidentState s, List<TimelineEntry> events, Mute mute, Instant now) {
      this.original = s;
      this.incident = s.toBuilder();
      this.events = new ArrayList<>(events);
      this.mute = mute;
      this.now = now;
      this.schedule = s.schedule();
      this.seq = s.eventSeq();
    }

    Schedule schedule() {
      return schedule;
    }

    void schedule(Schedule next) {
      schedule = next;
    }

    List<String> receivers() {
      return incident.build().receivers();
    }

    TimelineEntry add(IncidentEventType type, String message, String receiver) {
      TimelineEntry e = new TimelineEntry(++seq, type, now, message, null, null, Person.ENGINE, receiver);
      events.add(e);
      return e;
    }

    /** Whether the incident's notifications are held back now; records why on the timeline the first time. */
    private boolean muted() {
      if (suppression == null) {
        suppression = mute.check(incident.build(), now);
        String reason = suppression.map(Suppression::reason).orElse(null);
        if (suppression.isPresent() && !reason.equals(original.suppressedBy())) {
          add(suppression.get().type(), "notifications suppressed: " + reason, null);
        }
        incident.suppressedBy(reason);
      }
      return suppression.isPresent();
    }

    /**
     * Tells {@code receivers} about {@code entry}; {@code mutable} false for closing news that
     * receivers already told about the incident must get even while it is suppressed.
     */
    void tell(List<String> receivers, TimelineEntry entry, boolean mutable) {
      if (receivers.isEmpty() || entry == null || (mutable && muted())) {
        return;
      }
      for (String receiver : receivers) {
        pages.add(new Page(receiver, entry));
      }
      schedule = schedule.told(Math.max(seq, entry.sequence()), now);
    }

    /**
     * A reminder or repeat: pages {@code receivers} about {@code entry} without counting as an
     * update, so changes waiting for the group interval still go out to everyone.
     */
    void remind(List<String> receivers, TimelineEntry entry) {
      if (receivers.isEmpty() || muted()) {
        return;
      }
      for (String receiver : receivers) {
        pages.add(new Page(receiver, entry));
      }
    }

    /** The first notification: the route's receivers and the escalation policy's first level. */
    void announce(TimelineEntry entry) {
      IncidentState s = incident.build();
      Route route = route(s);
      if (muted()) {
        // Try again after a group interval: when the silence ends, the incident is announced.
        schedule = schedule.withNotifyAt(now.plus(route.groupInterval()), entry);
        return;
      }
      EscalationPolicy policy = config.policyFor(route, s.severity());
      Set<String> targets = new LinkedHashSet<>(route.receivers());
      boolean triggered = s.status() == IncidentStatus.TRIGGERED;
      // Acknowledged before its group wait ended: someone is on it, so the route hears, nobody is paged.
      if (triggered) {
        policy.step(0).ifPresent(first -> targets.addAll(first.receiversOr(route.receivers())));
      }
      List<String> to = List.copyOf(targets);
      incident.addReceivers(to).escalationPolicy(policy.name());
      for (String receiver : to) {
        pages.add(new Page(receiver, entry));
      }
      schedule = schedule.told(seq, now);
      schedule = schedule.withRepeatAt(triggered ? now.plus(route.repeatInterval()) : null);
      schedule = schedule.withEscalation(1, triggered ? policy.waitAfter(0).map(now::plus).orElse(null) : null);
      schedule = schedule.withRemindAt(s.open() ? reminder(s).map(now::plus).orElse(null) : null);
    }

    /**
     * The severity rose after the incident was announced: reminders start if the new severity has
     * them, and an unacknowledged incident following a severity default moves to the new
     * severity's policy, escalating from its first level on.
     */
    void severityRaised() {
      IncidentState s = incident.build();
      if (schedule.remindAt() == null) {
        schedule = schedule.withRemindAt(reminder(s).map(now::plus).orElse(null));
      }
      Route route = route(s);
      EscalationPolicy policy = config.policyFor(route, s.severity());
      if (s.status() != IncidentStatus.TRIGGERED || policy.name().equals(s.escalationPolicy())) {
        return;
      }
      incident.escalationPolicy(policy.name());
      // Step 0: the new policy's first level pages when its timer fires, right away.
      schedule = schedule.withEscalation(0, now);
    }

    /**
     * A human lowered the severity: an incident following a severity default follows the new
     * severity's policy from the step it reached, so a P0 lowered to P3 is not re-paged as a P0.
     */
    void severityLowered() {
      IncidentState s = incident.build();
      EscalationPolicy policy = config.policyFor(route(s), s.severity());
      if (policy.name().equals(s.escalationPolicy())) {
        return;
      }
      incident.escalationPolicy(policy.name());
      if (policy.step(schedule.escalationStep()).isEmpty()) {
        schedule = schedule.withEscalation(schedule.escalationStep(), null);
      }
    }

    /** Pages the next escalation level of an unacknowledged incident. */
    void escalate() {
      IncidentState s = incident.build();
      Route route = route(s);
      EscalationPolicy policy = s.escalationPolicy() == null ? config.policyFor(route, s.severity())
          : config.escalationPolicies().getOrDefault(s.escalationPolicy(), config.policyFor(route, s.severity()));
      int step = schedule.escalationStep();
      Optional<EscalationLevel> due = policy.step(step);
      if (s.status() != IncidentStatus.TRIGGERED || due.isEmpty()) {
        schedule = schedule.withEscalation(step, null);
        return;
      }
      EscalationLevel level = due.get();
      if (s.monitoring()) {
        // Every alert has resolved: wake nobody, but go on from here should one fire again.
        schedule = schedule.withEscalation(step, now.plus(level.delay().isZero() ? route.groupInterval()
            : level.delay()));
        return;
      }
      int levels = policy.levels().size();
      List<String> to = level.receiversOr(route.receivers());
      TimelineEntry e = add(IncidentEventType.ESCALATED, "no acknowledgement: escalated to level " + (step % levels + 1)
          + " of " + levels + (step >= levels ? " (loop " + (step / levels + 1) + ")" : "") + " of policy "
          + policy.name() + ": " + String.join(", ", to), to.isEmpty() ? null : to.get(0));
      if (!muted()) {
        for (String receiver : to) {
          pages.add(new Page(receiver, e));
        }
        incident.addReceivers(to);
      }
      schedule = schedule.withEscalation(step + 1, policy.waitAfter(step).map(now::plus).orElse(null));
    }

    Step step() {
      IncidentState.Builder b = incident.schedule(schedule).eventSeq(seq);
      if (seq != original.eventSeq()) {
        b.updatedAt(now);
      }
      return new Step(b.build(), events, pages);
    }
  }
}
