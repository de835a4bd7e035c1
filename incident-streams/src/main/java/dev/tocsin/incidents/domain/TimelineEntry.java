package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * One event the engine put on an incident's timeline, with the sequence it took and who caused
 * it. {@code alertFingerprint}, {@code previousSeverity} and {@code receiver} may be null.
 */
public record TimelineEntry(
    long sequence,
    IncidentEventType type,
    Instant occurredAt,
    String message,
    String alertFingerprint,
    Severity previousSeverity,
    Person actor,
    String receiver) {

  public TimelineEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(actor, "actor");
  }

  /** An entry the engine caused itself, involving no receiver. */
  public TimelineEntry(long sequence, IncidentEventType type, Instant occurredAt, String message,
      String alertFingerprint, Severity previousSeverity) {
    this(sequence, type, occurredAt, message, alertFingerprint, previousSeverity, Person.ENGINE, null);
  }
}
