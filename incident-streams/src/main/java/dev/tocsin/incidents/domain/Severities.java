package dev.tocsin.incidents.domain;

import dev.tocsin.avro.Severity;

/** Severity arithmetic: P0 is the most urgent, so "max" means the lowest ordinal. */
public final class Severities {
  /** What an alert counts as when neither rules nor its source say otherwise. */
  public static final Severity DEFAULT = Severity.P3;

  private Severities() {
  }

  /** The more urgent of two severities. */
  public static Severity max(Severity a, Severity b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
