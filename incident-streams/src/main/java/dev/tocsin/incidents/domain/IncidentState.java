package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An incident as the state machine sees it. Immutable; {@code alerts} keeps arrival order.
 * {@code acknowledgedAt} and {@code resolvedAt} are null until they happen; {@code quietUntil} is
 * set only while the incident is monitoring (every alert resolved, waiting out the quiet period).
 */
public record IncidentState(
    String id,
    String groupKey,
    Map<String, String> groupLabels,
    String title,
    String description,
    Severity severity,
    IncidentStatus status,
    PublicStatus publicStatus,
    Instant openedAt,
    Instant acknowledgedAt,
    Instant resolvedAt,
    Instant updatedAt,
    List<String> receivers,
    Map<String, AlertObservation> alerts,
    long eventSeq,
    int groupOccurrence,
    Instant quietUntil) {

  public IncidentState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupKey, "groupKey");
    groupLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groupLabels));
    receivers = List.copyOf(receivers);
    alerts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alerts));
  }

  public boolean open() {
    return status != IncidentStatus.RESOLVED;
  }

  /** Alerts still firing. */
  public long firingCount() {
    return alerts.values().stream().filter(AlertObservation::firing).count();
  }

  /** True while every alert has resolved and the incident waits out its quiet period. */
  public boolean monitoring() {
    return open() && quietUntil != null;
  }

  IncidentState with(Severity newSeverity, IncidentStatus newStatus, PublicStatus newPublicStatus,
      Instant newResolvedAt, Instant now, Map<String, AlertObservation> newAlerts, long newEventSeq,
      Instant newQuietUntil) {
    return new IncidentState(id, groupKey, groupLabels, title, description, newSeverity, newStatus, newPublicStatus,
        openedAt, acknowledgedAt, newResolvedAt, now, receivers, newAlerts, newEventSeq, groupOccurrence,
        newQuietUntil);
  }
}
