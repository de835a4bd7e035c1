package dev.tocsin.incidents.domain;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert state as the engine sees it: identity, status, what describes it and the severity it
 * contributes. {@code endsAt} and {@code generatorUrl} may be null.
 */
public record AlertObservation(
    String fingerprint,
    AlertStatus status,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    Severity severity,
    String generatorUrl) {

  public AlertObservation {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(status, "status");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(severity, "severity");
  }

  public boolean firing() {
    return status == AlertStatus.FIRING;
  }

  /** The same alert in another status. */
  public AlertObservation withStatus(AlertStatus newStatus, Instant newEndsAt) {
    return new AlertObservation(fingerprint, newStatus, labels, annotations, startsAt, newEndsAt, severity,
        generatorUrl);
  }
}
