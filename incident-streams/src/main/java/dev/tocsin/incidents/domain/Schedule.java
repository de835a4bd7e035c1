package dev.tocsin.incidents.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The notification bookkeeping of one incident: whether its receivers have been told, what is
 * pending and when each timer is due. Every instant is null when that timer is not running.
 *
 * @param notifyAt when the first notification goes out (group_wait)
 * @param notified whether the route's receivers have been told about the incident
 * @param notifiedSeq latest timeline sequence the receivers were told about
 * @param lastNotifiedAt when they were last told
 * @param updateAt when batched changes go out (group_interval)
 * @param pending the timeline entry the next batched or first notification carries
 * @param repeatAt when an unacknowledged incident is notified again (repeat_interval)
 * @param remindAt when the next update reminder is due
 * @param escalationStep escalation levels paged so far, counted across loops
 * @param escalateAt when the next escalation level pages
 */
public record Schedule(
    Instant notifyAt,
    boolean notified,
    long notifiedSeq,
    Instant lastNotifiedAt,
    Instant updateAt,
    TimelineEntry pending,
    Instant repeatAt,
    Instant remindAt,
    int escalationStep,
    Instant escalateAt) {

  /** Nothing notified, nothing pending. */
  public static final Schedule NONE = new Schedule(null, false, 0, null, null, null, null, null, 0, null);

  /** The earliest running timer, if any. */
  public Optional<Instant> next() {
    return Stream.of(notifyAt, updateAt, repeatAt, remindAt, escalateAt)
        .filter(java.util.Objects::nonNull)
        .min(Instant::compareTo);
  }

  /** Every timer stopped (the incident resolved); what was notified is kept. */
  public Schedule stopped() {
    return new Schedule(null, notified, notifiedSeq, lastNotifiedAt, null, null, null, null, escalationStep, null);
  }

  public Schedule withNotifyAt(Instant at, TimelineEntry entry) {
    return new Schedule(at, notified, notifiedSeq, lastNotifiedAt, updateAt, entry, repeatAt, remindAt,
        escalationStep, escalateAt);
  }

  public Schedule withUpdate(Instant at, TimelineEntry entry) {
    return new Schedule(notifyAt, notified, notifiedSeq, lastNotifiedAt, at, entry, repeatAt, remindAt,
        escalationStep, escalateAt);
  }

  /** Receivers were told everything up to {@code seq} at {@code now}; batched changes are no longer pending. */
  public Schedule told(long seq, Instant now) {
    return new Schedule(null, true, seq, now, null, null, repeatAt, remindAt, escalationStep, escalateAt);
  }

  public Schedule withRepeatAt(Instant at) {
    return new Schedule(notifyAt, notified, notifiedSeq, lastNotifiedAt, updateAt, pending, at, remindAt,
        escalationStep, escalateAt);
  }

  public Schedule withRemindAt(Instant at) {
    return new Schedule(notifyAt, notified, notifiedSeq, lastNotifiedAt, updateAt, pending, repeatAt, at,
        escalationStep, escalateAt);
  }

  public Schedule withEscalation(int step, Instant at) {
    return new Schedule(notifyAt, notified, notifiedSeq, lastNotifiedAt, updateAt, pending, repeatAt, remindAt,
        step, at);
  }
}
