package dev.tocsin.api.status;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Incidents, events and components for the status page's tests. */
final class StatusFixtures {
  private StatusFixtures() {
  }

  /** An open (triggered, investigating) incident of {@code services}. */
  static IncidentSummary open(String id, Severity severity, Instant openedAt, String... services) {
    return summary(id, "Incident " + id, severity, openedAt, null, Set.of(services), List.of(), false);
  }

  /** A resolved incident of {@code services}. */
  static IncidentSummary resolved(String id, Severity severity, Instant openedAt, Instant resolvedAt,
      String... services) {
    return summary(id, "Incident " + id, severity, openedAt, resolvedAt, Set.of(services), List.of(), false);
  }

  /** An open incident that names {@code components} and has no services. */
  static IncidentSummary naming(String id, Severity severity, Instant openedAt, String... components) {
    return summary(id, "Incident " + id, severity, openedAt, null, Set.of(), List.of(components), false);
  }

  /** {@code incident}, marked a false positive. */
  static IncidentSummary falsePositive(IncidentSummary incident) {
    return new IncidentSummary(incident.id(), incident.groupKey(), incident.title(), incident.severity(),
        incident.status(), incident.publicStatus(), incident.openedAt(), incident.updatedAt(),
        incident.resolvedAt(), incident.services(), incident.components(), incident.labels(), incident.assignee(),
        incident.alerts(), incident.firing(), incident.eventSeq(), incident.detectedAt(), incident.acknowledgedAt(),
        true);
  }

  static IncidentSummary summary(String id, String title, Severity severity, Instant openedAt, Instant resolvedAt,
      Set<String> services, List<String> components, boolean falsePositive) {
    boolean open = resolvedAt == null;
    return new IncidentSummary(id, "{}:{alertname=\"" + id + "\"}", title, severity,
        open ? IncidentStatus.TRIGGERED : IncidentStatus.RESOLVED,
        open ? PublicStatus.INVESTIGATING : PublicStatus.RESOLVED, openedAt, open ? openedAt : resolvedAt,
        resolvedAt, services, components, Map.of("alertname", id), "U024BE7LH", 1, open ? 1 : 0, 3L, openedAt,
        null, falsePositive);
  }

  /** A component named after its id, in no group, with no override. */
  static StatusPageConfig.Component component(String id, String... services) {
    return new StatusPageConfig.Component(id, "Component " + id, null, null, Set.of(services), null);
  }

  static StatusPageConfig config(StatusPageConfig.Component... components) {
    return new StatusPageConfig("Acme Status", List.of(components), StatusPageConfig.DEFAULT_STATES, List.of());
  }

  /** Event {@code sequence} of incident {@code incidentId}, by a person, with everything a timeline carries. */
  static IncidentEvent event(String incidentId, long sequence, IncidentEventType type, Instant at,
      PublicStatus publicStatus, String message) {
    return IncidentEvent.newBuilder()
        .setEventId(incidentId + ":" + sequence)
        .setIncidentId(incidentId)
        .setSequence(sequence)
        .setType(type)
        .setOccurredAt(at)
        .setActor(new Actor("user", "U024BE7LH", "alice"))
        .setMessage(message)
        .setSeverity(Severity.P1)
        .setStatus(type == IncidentEventType.RESOLVED ? IncidentStatus.RESOLVED : IncidentStatus.TRIGGERED)
        .setPublicStatus(publicStatus)
        .setReceiver(type == IncidentEventType.NOTIFIED || type == IncidentEventType.ESCALATED
            ? "pagerduty-dba-oncall" : null)
        .build();
  }
}
