package dev.tocsin.incidents.domain;

import dev.tocsin.avro.Severity;

/** Severity arithmetic: P0 is the most urgent, so "max" means the lowest ordinal. */
public final class Severities {
  private Severities() {
  }

  /** The more urgent of two severities. */
  public static Severity max(Severity a, Severity b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
