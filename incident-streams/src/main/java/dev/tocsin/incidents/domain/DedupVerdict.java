package dev.tocsin.incidents.domain;

/** Whether an incoming alert state carries news. */
public enum DedupVerdict {
  /** First time this fingerprint is seen (or its state expired). */
  NEW,
  /** The alert changed in a way that matters: status, start, end, labels or annotations. */
  CHANGED,
  /** A repeat of the known state (Alertmanager re-sends every group_interval / repeat_interval). */
  DUPLICATE;

  /** True when the alert must pass on to grouping. */
  public boolean passes() {
    return this != DUPLICATE;
  }
}
