package dev.tocsin.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON shapes of incidents, summaries and timeline events: snake_case names, RFC 3339
 * times, enum values in lower case ({@code severity} stays {@code P0}–{@code P3}). Stateless.
 */
final class IncidentJson {
  private final ObjectMapper mapper;
  private final String base;

  /** @param base the path incidents are served under, e.g. {@code /api/v1/incidents} */
  IncidentJson(ObjectMapper mapper, String base) {
    this.mapper = mapper;
    this.base = base;
  }

  ObjectNode summary(IncidentSummary s) {
    ObjectNode json = mapper.createObjectNode()
        .put("id", s.id())
        .put("title", s.title())
        .put("severity", s.severity().name())
        .put("status", lower(s.status()))
        .put("public_status", lower(s.publicStatus()))
        .put("opened_at", s.openedAt().toString());
    time(json, "resolved_at", s.resolvedAt());
    json.put("updated_at", s.updatedAt().toString());
    s.services().forEach(json.putArray("services")::add);
    s.components().forEach(json.putArray("affected_components")::add);
    json.put("assignee", s.assignee());
    json.put("alerts", s.alerts()).put("firing", s.firing());
    json.put("url", base + "/" + s.id());
    return json;
  }

  ObjectNode incident(Incident incident) {
    ObjectNode json = mapper.createObjectNode()
        .put("id", incident.getId())
        .put("title", incident.getTitle())
        .put("description", incident.getDescription())
        .put("severity", incident.getSeverity().name())
        .put("status", lower(incident.getStatus()))
        .put("public_status", lower(incident.getPublicStatus()))
        .put("opened_at", incident.getOpenedAt().toString());
    time(json, "acknowledged_at", incident.getAcknowledgedAt());
    time(json, "resolved_at", incident.getResolvedAt());
    json.put("updated_at", incident.getUpdatedAt().toString());
    json.put("group_key", incident.getGroupKey());
    labels(json.putObject("group_labels"), incident.getGroupLabels());
    json.put("route", incident.getRoute());
    json.put("escalation_policy", incident.getEscalationPolicy());
    incident.getReceivers().forEach(json.putArray("receivers")::add);
    json.set("assignee", actor(incident.getAssignee()));
    incident.getAffectedComponents().forEach(json.putArray("affected_components")::add);
    json.put("impact_description", incident.getImpactDescription());
    json.put("classification", incident.getClassification());
    json.put("false_positive", incident.getFalsePositive());
    json.put("reopen_count", incident.getReopenCount());
    json.put("event_seq", incident.getEventSeq());
    boolean counted = incident.getAlertCount() > 0;
    json.put("alert_count", counted ? incident.getAlertCount() : incident.getAlerts().size());
    json.put("firing_count", counted ? incident.getFiringCount()
        : incident.getAlerts().stream().filter(a -> a.getStatus() == AlertStatus.FIRING).count());
    ArrayNode alerts = json.putArray("alerts");
    for (IncidentAlert alert : incident.getAlerts()) {
      alert(alerts.addObject(), alert);
    }
    ObjectNode links = json.putObject("links");
    links.put("self", base + "/" + incident.getId());
    links.put("timeline", base + "/" + incident.getId() + "/timeline");
    links.put("review", base + "/" + incident.getId() + "/review");
    return json;
  }

  private static void alert(ObjectNode json, IncidentAlert alert) {
    json.put("fingerprint", alert.getFingerprint())
        .put("status", lower(alert.getStatus()))
        .put("severity", alert.getSeverity().name())
        .put("starts_at", alert.getStartsAt().toString());
    time(json, "ends_at", alert.getEndsAt());
    labels(json.putObject("labels"), alert.getLabels());
    labels(json.putObject("annotations"), alert.getAnnotations());
    json.put("generator_url", alert.getGeneratorUrl());
  }

  ObjectNode event(IncidentEvent event) {
    ObjectNode json = mapper.createObjectNode()
        .put("sequence", event.getSequence())
        .put("type", lower(event.getType()))
        .put("occurred_at", event.getOccurredAt().toString());
    json.set("actor", actor(event.getActor()));
    json.put("message", event.getMessage());
    json.put("alert_fingerprint", event.getAlertFingerprint());
    if (event.getAlert() != null) {
      alert(json.putObject("alert"), event.getAlert());
    }
    json.put("severity", event.getSeverity().name());
    json.put("previous_severity", event.getPreviousSeverity() == null ? null : event.getPreviousSeverity().name());
    json.put("status", lower(event.getStatus()));
    json.put("public_status", lower(event.getPublicStatus()));
    json.put("receiver", event.getReceiver());
    return json;
  }

  private ObjectNode actor(Actor actor) {
    if (actor == null) {
      return null;
    }
    return mapper.createObjectNode().put("kind", actor.getKind()).put("id", actor.getId()).put("name", actor.getName());
  }

  private static void labels(ObjectNode json, Map<String, String> labels) {
    labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.put(e.getKey(), e.getValue()));
  }

  private static void time(ObjectNode json, String field, Instant time) {
    json.put(field, time == null ? null : time.toString());
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
