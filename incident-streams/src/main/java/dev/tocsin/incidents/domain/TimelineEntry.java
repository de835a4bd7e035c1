package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import java.time.Instant;

/**
 * One event the state machine put on an incident's timeline, with the sequence it took.
 * {@code alertFingerprint} and {@code previousSeverity} may be null.
 */
public record TimelineEntry(
    long sequence,
    IncidentEventType type,
    Instant occurredAt,
    String message,
    String alertFingerprint,
    Severity previousSeverity) {
}
