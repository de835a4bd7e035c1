package dev.tocsin.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The JSON a generic webhook receives: a plain shape independent of the Avro schema, so
 * receivers do not break when the internal records evolve. The incident's {@code url} is there
 * only when incident pages are configured.
 */
final class WebhookPayload {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WebhookPayload() {
  }

  static ObjectNode toJson(Notification notification, IncidentLinks links) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("notificationId", notification.getNotificationId());
    root.put("receiver", notification.getReceiver());
    root.put("requestedAt", iso(notification.getRequestedAt()));

    IncidentEvent event = notification.getEvent();
    ObjectNode eventNode = root.putObject("event");
    eventNode.put("id", event.getEventId());
    eventNode.put("sequence", event.getSequence());
    eventNode.put("type", event.getType().name());
    eventNode.put("occurredAt", iso(event.getOccurredAt()));
    eventNode.put("message", event.getMessage());
    eventNode.put("severity", event.getSeverity().name());
    eventNode.put("status", event.getStatus().name());

    Incident incident = notification.getIncident();
    ObjectNode incidentNode = root.putObject("incident");
    incidentNode.put("id", incident.getId());
    links.of(incident.getId()).ifPresent(url -> incidentNode.put("url", url));
    incidentNode.put("title", incident.getTitle());
    incidentNode.put("severity", incident.getSeverity().name());
    incidentNode.put("status", incident.getStatus().name());
    incidentNode.put("publicStatus", incident.getPublicStatus().name());
    incidentNode.put("openedAt", iso(incident.getOpenedAt()));
    incidentNode.put("resolvedAt", iso(incident.getResolvedAt()));
    incidentNode.put("alertCount", incident.getAlerts().size());
    ObjectNode labels = incidentNode.putObject("groupLabels");
    // Sorted so the body is stable for the same notification, whatever map Avro handed us.
    new TreeMap<>(incident.getGroupLabels()).forEach(labels::put);
    return root;
  }

  static byte[] render(Notification notification, IncidentLinks links) {
    try {
      return MAPPER.writeValueAsBytes(toJson(notification, links));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
