package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import dev.tocsin.incidents.domain.AlertObservation;
import dev.tocsin.incidents.domain.IncidentState;
import dev.tocsin.incidents.domain.Severities;
import dev.tocsin.incidents.domain.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between the wire records (Avro) and the domain's records. Stateless. */
final class AvroMapping {
  static final String ENGINE = "incident-streams";

  private AvroMapping() {
  }

  static AlertObservation observation(Alert alert) {
    return new AlertObservation(alert.getFingerprint(), alert.getStatus(), alert.getLabels(), alert.getAnnotations(),
        alert.getStartsAt(), alert.getEndsAt(),
        alert.getSourceSeverity() == null ? Severities.DEFAULT : alert.getSourceSeverity(), alert.getGeneratorUrl());
  }

  static IncidentState state(Incident incident) {
    Map<String, AlertObservation> alerts = new LinkedHashMap<>();
    for (IncidentAlert a : incident.getAlerts()) {
      alerts.put(a.getFingerprint(), new AlertObservation(a.getFingerprint(), a.getStatus(), a.getLabels(),
          a.getAnnotations(), a.getStartsAt(), a.getEndsAt(), a.getSeverity(), a.getGeneratorUrl()));
    }
    return new IncidentState(incident.getId(), incident.getGroupKey(), incident.getGroupLabels(), incident.getTitle(),
        incident.getDescription(), incident.getSeverity(), incident.getStatus(), incident.getPublicStatus(),
        incident.getOpenedAt(), incident.getAcknowledgedAt(), incident.getResolvedAt(), incident.getUpdatedAt(),
        incident.getReceivers(), alerts, incident.getEventSeq(), incident.getGroupOccurrence(),
        incident.getQuietUntil());
  }

  static Incident incident(IncidentState state) {
    List<IncidentAlert> alerts = new ArrayList<>();
    for (AlertObservation a : state.alerts().values()) {
      alerts.add(IncidentAlert.newBuilder()
          .setFingerprint(a.fingerprint())
          .setStatus(a.status())
          .setLabels(new LinkedHashMap<>(a.labels()))
          .setAnnotations(new LinkedHashMap<>(a.annotations()))
          .setStartsAt(a.startsAt())
          .setEndsAt(a.endsAt())
          .setSeverity(a.severity())
          .setGeneratorUrl(a.generatorUrl())
          .build());
    }
    return Incident.newBuilder()
        .setId(state.id())
        .setGroupKey(state.groupKey())
        .setGroupLabels(new LinkedHashMap<>(state.groupLabels()))
        .setTitle(state.title())
        .setDescription(state.description())
        .setSeverity(state.severity())
        .setStatus(state.status())
        .setPublicStatus(state.publicStatus())
        .setOpenedAt(state.openedAt())
        .setAcknowledgedAt(state.acknowledgedAt())
        .setResolvedAt(state.resolvedAt())
        .setUpdatedAt(state.updatedAt())
        .setReceivers(new ArrayList<>(state.receivers()))
        .setAlerts(alerts)
        .setEventSeq(state.eventSeq())
        .setGroupOccurrence(state.groupOccurrence())
        .setQuietUntil(state.quietUntil())
        .build();
  }

  static IncidentEvent event(IncidentState state, TimelineEntry entry) {
    return IncidentEvent.newBuilder()
        .setEventId(state.id() + ":" + entry.sequence())
        .setIncidentId(state.id())
        .setSequence(entry.sequence())
        .setType(entry.type())
        .setOccurredAt(entry.occurredAt())
        .setActor(Actor.newBuilder().setKind("system").setId(ENGINE).build())
        .setMessage(entry.message())
        .setAlertFingerprint(entry.alertFingerprint())
        .setPreviousSeverity(entry.previousSeverity())
        .setSeverity(state.severity())
        .setStatus(state.status())
        .setPublicStatus(state.publicStatus())
        .build();
  }

  /** The notification id is stable per (incident, event sequence, receiver), so redelivery can be detected. */
  static Notification notification(Incident incident, IncidentEvent event, String receiver, Instant now) {
    return Notification.newBuilder()
        .setNotificationId(incident.getId() + ":" + event.getSequence() + ":" + receiver)
        .setReceiver(receiver)
        .setEvent(event)
        .setIncident(incident)
        .setRequestedAt(now)
        .build();
  }
}
