package dev.tocsin.notifier.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.IncidentFacts.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a notification as a Slack incoming-webhook message in Block Kit: a header with the
 * severity and title, the event, and, in an attachment coloured by severity (green once
 * resolved), fields for status, severity, alerts and services, the alerts' summaries, runbook
 * links and a link to the incident. Every piece of alert or incident text is mrkdwn-escaped
 * ({@code & < >}), so no alert can inject a mention, a broadcast or a link. Pure.
 */
final class SlackMessages {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final int HEADER_LIMIT = 150;
  static final int SECTION_LIMIT = 3000;
  static final int FIELD_LIMIT = 2000;
  static final int MAX_ALERTS_LISTED = 10;
  static final String RESOLVED_COLOUR = "#2EB67D";

  private SlackMessages() {
  }

  /** The side-bar colour: severity while open, green once resolved. */
  static String colour(Incident incident) {
    if (incident.getStatus() == IncidentStatus.RESOLVED) {
      return RESOLVED_COLOUR;
    }
    return switch (incident.getSeverity()) {
      case P0 -> "#8B0000";
      case P1 -> "#E01E5A";
      case P2 -> "#ECB22E";
      case P3 -> "#439FE0";
    };
  }

  /** The header's emoji, following the colour. */
  static String emoji(Incident incident) {
    if (incident.getStatus() == IncidentStatus.RESOLVED) {
      return ":white_check_mark:";
    }
    return switch (incident.getSeverity()) {
      case P0 -> ":rotating_light:";
      case P1 -> ":red_circle:";
      case P2 -> ":large_orange_circle:";
      case P3 -> ":large_yellow_circle:";
    };
  }

  /** {@code text} safe in mrkdwn: Slack's three control characters escaped, {@code &} first. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A mrkdwn link; {@code href} is a validated http(s) URL, so it holds no {@code < > |}. */
  static String link(String href, String text) {
    return "<" + href.replace("&", "&amp;") + "|" + escape(IncidentFacts.oneLine(text)) + ">";
  }

  /** The webhook body for {@code notification}. */
  static ObjectNode render(Notification notification, IncidentLinks links) {
    IncidentEvent event = notification.getEvent();
    Incident incident = notification.getIncident();
    Optional<String> incidentUrl = links.of(incident.getId());
    String title = IncidentFacts.oneLine(incident.getTitle());
    String headline = IncidentFacts.headline(event);

    ObjectNode root = MAPPER.createObjectNode();
    // Notifications and clients without Block Kit show only this.
    String fallback = "[" + incident.getSeverity() + "] " + incident.getId() + " " + title + ": " + headline;
    root.put("text", escape(fallback));

    ArrayNode blocks = root.putArray("blocks");
    // plain_text is shown as is: it needs no escaping and cannot carry mentions or links.
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("emoji", true)
        .put("text", IncidentFacts.truncate(emoji(incident) + " " + incident.getSeverity() + " · " + title,
            HEADER_LIMIT));
    String eventLine = "*" + escape(headline) + "*"
        + (event.getMessage() == null || event.getMessage().isBlank() ? ""
            : " · " + escape(event.getMessage().strip()));
    blocks.add(section(IncidentFacts.truncate(eventLine, SECTION_LIMIT)));

    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("color", colour(incident));
    attachment.put("fallback", escape(fallback));
    ArrayNode details = attachment.putArray("blocks");
    ObjectNode fields = details.addObject().put("type", "section");
    ArrayNode fieldList = fields.putArray("fields");
    field(fieldList, "Status", escape(IncidentFacts.status(incident)));
    field(fieldList, "Severity", escape(incident.getSeverity().name()));
    field(fieldList, "Alerts", escape(IncidentFacts.alertCount(incident)));
    List<String> affected = IncidentFacts.affected(incident);
    field(fieldList, affected.equals(IncidentFacts.services(incident)) ? "Services" : "Affected",
        affected.isEmpty() ? "—" : escape(String.join(", ", affected)));
    field(fieldList, "Incident", incidentUrl.map(url -> link(url, incident.getId()))
        .orElse(escape(incident.getId())));
    field(fieldList, "Started", escape(IncidentFacts.utc(incident.getOpenedAt())));
    if (incident.getResolvedAt() != null) {
      field(fieldList, "Resolved", escape(IncidentFacts.utc(incident.getResolvedAt())));
    }

    alertList(incident).ifPresent(text -> details.add(section(text)));
    List<Link> runbooks = IncidentFacts.runbooks(incident);
    if (!runbooks.isEmpty()) {
      List<String> runbookLinks = new ArrayList<>();
      runbooks.forEach(runbook -> runbookLinks.add(link(runbook.href(), runbook.text())));
      details.add(section(truncateLines("*Runbooks*\n" + String.join("\n", runbookLinks), SECTION_LIMIT)));
    }
    incidentUrl.ifPresent(url -> details.add(section(link(url, "Open " + incident.getId() + " in Tocsin"))));
    return root;
  }

  private static Optional<String> alertList(Incident incident) {
    List<IncidentAlert> alerts = incident.getAlerts();
    if (alerts.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder("*Alerts*");
    for (IncidentAlert alert : alerts.subList(0, Math.min(alerts.size(), MAX_ALERTS_LISTED))) {
      String summary = IncidentFacts.oneLine(IncidentFacts.summary(alert));
      text.append("\n• *").append(escape(IncidentFacts.oneLine(IncidentFacts.alertTitle(alert)))).append("* ")
          .append(alert.getStatus() == AlertStatus.FIRING ? "firing" : "resolved")
          .append(summary.isEmpty() ? "" : " · " + escape(summary));
    }
    if (alerts.size() > MAX_ALERTS_LISTED) {
      text.append("\n…and ").append(alerts.size() - MAX_ALERTS_LISTED).append(" more");
    }
    return Optional.of(truncateLines(text.toString(), SECTION_LIMIT));
  }

  private static ObjectNode section(String mrkdwn) {
    ObjectNode section = MAPPER.createObjectNode().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    return section;
  }

  private static void field(ArrayNode fields, String name, String mrkdwnValue) {
    fields.addObject().put("type", "mrkdwn")
        .put("text", IncidentFacts.truncate("*" + name + "*\n" + mrkdwnValue, FIELD_LIMIT));
  }

  /** Cuts at a line break, so no escape sequence or link is cut in half. */
  private static String truncateLines(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    int cut = text.lastIndexOf('\n', limit - 2);
    return (cut > 0 ? text.substring(0, cut) : IncidentFacts.truncate(text, limit - 2)) + "\n…";
  }
}
