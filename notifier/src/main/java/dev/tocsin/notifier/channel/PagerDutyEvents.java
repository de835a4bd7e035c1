package dev.tocsin.notifier.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Severity;
import dev.tocsin.notifier.channel.IncidentFacts.Link;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Maps a notification to a PagerDuty Events API v2 event (see {@link PagerDutyChannel} for the
 * field table). Pure: no I/O, the same notification always gives the same event.
 */
final class PagerDutyEvents {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** PagerDuty's limit on {@code payload.summary}. */
  static final int SUMMARY_LIMIT = 1024;
  /** Keeps {@code custom_details} far below the 512 KB event limit however large the incident. */
  static final int MAX_ALERTS_IN_DETAILS = 50;
  static final int MAX_LINKS = 20;
  static final String CLIENT = "Tocsin";
  static final String DEFAULT_SOURCE = "tocsin";

  private PagerDutyEvents() {
  }

  /** The event action for {@code type}, or empty when PagerDuty has none for it. */
  static Optional<String> action(IncidentEventType type) {
    return switch (type) {
      case OPENED, ESCALATED, REOPENED -> Optional.of("trigger");
      case ACKNOWLEDGED -> Optional.of("acknowledge");
      case RESOLVED -> Optional.of("resolve");
      default -> Optional.empty();
    };
  }

  /** PagerDuty's severity for a Tocsin priority. */
  static String severity(Severity severity) {
    return switch (severity) {
      case P0, P1 -> "critical";
      case P2 -> "error";
      case P3 -> "warning";
    };
  }

  /**
   * The event for {@code notification}, whose type must have an {@link #action}. The routing key
   * is part of the body, so the result must never be logged.
   */
  static ObjectNode render(Notification notification, String routingKey, IncidentLinks links) {
    IncidentEvent event = notification.getEvent();
    Incident incident = notification.getIncident();
    String action = action(event.getType()).orElseThrow(() -> new IllegalArgumentException(
        "PagerDuty has no event action for " + event.getType()));
    ObjectNode root = MAPPER.createObjectNode();
    root.put("routing_key", routingKey);
    root.put("event_action", action);
    root.put("dedup_key", dedupKey(notification));
    if (!action.equals("trigger")) {
      // Acknowledge and resolve need only the key; PagerDuty ignores anything else on them.
      return root;
    }
    Optional<String> incidentUrl = links.of(incident.getId());
    Map<String, String> labels = IncidentFacts.commonLabels(incident);

    ObjectNode payload = root.putObject("payload");
    payload.put("summary", summary(incident));
    payload.put("source", IncidentFacts.label(labels, "instance", "service", "job").orElse(DEFAULT_SOURCE));
    payload.put("severity", severity(incident.getSeverity()));
    payload.put("timestamp", event.getOccurredAt().toString());
    IncidentFacts.label(labels, "component", "service").ifPresent(value -> payload.put("component", value));
    IncidentFacts.label(labels, "group", "team").ifPresent(value -> payload.put("group", value));
    IncidentFacts.label(labels, "class", "alertname").ifPresent(value -> payload.put("class", value));
    payload.set("custom_details", customDetails(notification, incidentUrl));

    ArrayNode linkNodes = root.putArray("links");
    for (Link link : links(incident, incidentUrl)) {
      linkNodes.addObject().put("href", link.href()).put("text", link.text());
    }
    root.put("client", CLIENT);
    incidentUrl.ifPresent(url -> root.put("client_url", url));
    return root;
  }

  /** The incident id: every event of an incident lands on the same PagerDuty alert. */
  static String dedupKey(Notification notification) {
    return notification.getIncident().getId();
  }

  /** "INC-7K2M9QXD HighErrorRate on checkout", one line, cut to {@value #SUMMARY_LIMIT} characters. */
  static String summary(Incident incident) {
    return IncidentFacts.truncate(IncidentFacts.oneLine(incident.getId() + " " + incident.getTitle()), SUMMARY_LIMIT);
  }

  private static ObjectNode customDetails(Notification notification, Optional<String> incidentUrl) {
    IncidentEvent event = notification.getEvent();
    Incident incident = notification.getIncident();
    ObjectNode details = MAPPER.createObjectNode();
    details.put("incident_id", incident.getId());
    incidentUrl.ifPresent(url -> details.put("incident_url", url));
    details.put("title", incident.getTitle());
    details.put("priority", incident.getSeverity().name());
    details.put("status", IncidentFacts.status(incident));
    details.put("event", IncidentFacts.headline(event));
    if (event.getMessage() != null) {
      details.put("message", event.getMessage());
    }
    details.put("opened_at", incident.getOpenedAt().toString());
    details.put("alerts_firing", IncidentFacts.firing(incident));
    ObjectNode groupLabels = details.putObject("group_labels");
    new TreeMap<>(incident.getGroupLabels()).forEach(groupLabels::put);
    ArrayNode alerts = details.putArray("alerts");
    List<IncidentAlert> all = incident.getAlerts();
    for (IncidentAlert alert : all.subList(0, Math.min(all.size(), MAX_ALERTS_IN_DETAILS))) {
      ObjectNode node = alerts.addObject();
      node.put("fingerprint", alert.getFingerprint());
      node.put("status", alert.getStatus().name());
      node.put("summary", IncidentFacts.summary(alert));
      node.put("starts_at", alert.getStartsAt().toString());
      if (alert.getEndsAt() != null) {
        node.put("ends_at", alert.getEndsAt().toString());
      }
      ObjectNode alertLabels = node.putObject("labels");
      new TreeMap<>(alert.getLabels()).forEach(alertLabels::put);
    }
    if (all.size() > MAX_ALERTS_IN_DETAILS) {
      details.put("alerts_not_shown", all.size() - MAX_ALERTS_IN_DETAILS);
    }
    return details;
  }

  /** The incident page first, then runbooks, then the alerts' sources; each URL once. */
  private static List<Link> links(Incident incident, Optional<String> incidentUrl) {
    Map<String, Link> links = new LinkedHashMap<>();
    incidentUrl.ifPresent(url -> links.put(url, new Link(url, "Incident " + incident.getId())));
    for (Link runbook : IncidentFacts.runbooks(incident)) {
      links.putIfAbsent(runbook.href(), new Link(runbook.href(), "Runbook: " + runbook.text()));
    }
    for (Link source : IncidentFacts.sources(incident)) {
      links.putIfAbsent(source.href(), new Link(source.href(), "Source: " + source.text()));
    }
    List<Link> ordered = new ArrayList<>(links.values());
    return ordered.subList(0, Math.min(ordered.size(), MAX_LINKS));
  }
}
