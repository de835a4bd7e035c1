package dev.tocsin.incidents.domain;

import java.util.Objects;

/** Decides whether an alert state repeats the last one seen for its fingerprint. */
public final class Dedup {
  private Dedup() {
  }

  /**
   * Compares the fields that matter to an incident; receive time, request id and the sender's
   * bookkeeping are ignored, so Alertmanager's byte-identical repeats are duplicates.
   *
   * @param previous last state passed on for this fingerprint, or null
   */
  public static DedupVerdict decide(AlertObservation previous, AlertObservation current) {
    if (previous == null) {
      return DedupVerdict.NEW;
    }
    boolean same = previous.status() == current.status()
        && previous.startsAt().equals(current.startsAt())
        && Objects.equals(previous.endsAt(), current.endsAt())
        && previous.labels().equals(current.labels())
        && previous.annotations().equals(current.annotations())
        && previous.severity() == current.severity();
    return same ? DedupVerdict.DUPLICATE : DedupVerdict.CHANGED;
  }
}
