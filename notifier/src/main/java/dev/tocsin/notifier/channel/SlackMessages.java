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
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import dev.tocsin.schemas.vocabulary.SlackActions;
import dev.tocsin.schemas.vocabulary.SlackMrkdwn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a notification as a Slack message in Block Kit: a header with the
 * severity and title, the event, and, in an attachment coloured by severity (green once
 * resolved), fields for status, severity, alerts and services, the alerts' summaries, runbook
 * links and a link to the incident. Every piece of alert or incident text is mrkdwn-escaped
 * ({@code & < >}), so no alert can inject a mention, a broadcast or a link. The Web API's message
 * adds buttons, and its thread replies describe each later event. Pure.
 */
final class SlackMessages {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final int HEADER_LIMIT = 150;
  static final int SECTION_LIMIT = 3000;
  static final int FIELD_LIMIT = 2000;
  static final int MAX_ALERTS_LISTED = 10;
  static final String RESOLVED_COLOUR = "#2EB67D";
  static final String ACTIONS_BLOCK_ID = "incident_actions";

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

  /** A mrkdwn link; {@code href} is a validated http(s) URL, so it holds no {@code < > |}. */
  static String link(String href, String text) {
    return "<" + href.replace("&", "&amp;") + "|" + SlackMrkdwn.escape(IncidentFacts.oneLine(text)) + ">";
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
    root.put("text", SlackMrkdwn.escape(fallback));

    ArrayNode blocks = root.putArray("blocks");
    // plain_text is shown as is: it needs no escaping and cannot carry mentions or links.
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("emoji", true)
        .put("text", IncidentFacts.truncate(emoji(incident) + " " + incident.getSeverity() + " · " + title,
            HEADER_LIMIT));
    blocks.add(section(IncidentFacts.truncate(eventLine(event), SECTION_LIMIT)));

    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("color", colour(incident));
    attachment.put("fallback", SlackMrkdwn.escape(fallback));
    ArrayNode details = attachment.putArray("blocks");
    ObjectNode fields = details.addObject().put("type", "section");
    ArrayNode fieldList = fields.putArray("fields");
    field(fieldList, "Status", SlackMrkdwn.escape(IncidentFacts.status(incident)));
    field(fieldList, "Severity", SlackMrkdwn.escape(incident.getSeverity().name()));
    field(fieldList, "Alerts", SlackMrkdwn.escape(IncidentFacts.alertCount(incident)));
    List<String> affected = IncidentFacts.affected(incident);
    field(fieldList, affected.equals(IncidentFacts.services(incident)) ? "Services" : "Affected",
        affected.isEmpty() ? "—" : SlackMrkdwn.escape(String.join(", ", affected)));
    field(fieldList, "Incident", incidentUrl.map(url -> link(url, incident.getId()))
        .orElse(SlackMrkdwn.escape(incident.getId())));
    field(fieldList, "Started", SlackMrkdwn.escape(IncidentFacts.utc(incident.getOpenedAt())));
    if (incident.getResolvedAt() != null) {
      field(fieldList, "Resolved", SlackMrkdwn.escape(IncidentFacts.utc(incident.getResolvedAt())));
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

  /**
   * The incident's one message as the Web API posts and then keeps updating it: the webhook
   * message plus, until the incident resolves, buttons carrying the incident id that alert-ingest's
   * interactions endpoint turns into commands: Acknowledge while nobody has, and Resolve.
   */
  static ObjectNode incidentMessage(Notification notification, IncidentLinks links) {
    ObjectNode message = render(notification, links);
    Incident incident = notification.getIncident();
    if (incident.getStatus() == IncidentStatus.RESOLVED) {
      return message;
    }
    ObjectNode actions = ((ArrayNode) message.get("blocks")).addObject()
        .put("type", "actions").put("block_id", ACTIONS_BLOCK_ID);
    ArrayNode buttons = actions.putArray("elements");
    if (incident.getStatus() == IncidentStatus.TRIGGERED) {
      button(buttons, SlackActions.ACKNOWLEDGE, "Acknowledge", incident.getId()).put("style", "primary");
    }
    button(buttons, SlackActions.RESOLVE, "Resolve", incident.getId());
    return message;
  }

  /**
   * A reply in the incident message's thread saying what the event did, e.g. "*Acknowledged by
   * jane* · Looking into it", and where that leaves the incident.
   */
  static ObjectNode threadReply(Notification notification) {
    Incident incident = notification.getIncident();
    String state = IncidentFacts.status(incident) + " · " + incident.getSeverity() + " · alerts: "
        + IncidentFacts.alertCount(incident);
    ObjectNode reply = MAPPER.createObjectNode();
    reply.put("text", IncidentFacts.truncate(eventLine(notification.getEvent()), SECTION_LIMIT) + "\n"
        + SlackMrkdwn.escape(state));
    return reply;
  }

  /** The event's headline in bold and its message, escaped. */
  private static String eventLine(IncidentEvent event) {
    return "*" + SlackMrkdwn.escape(IncidentFacts.headline(event)) + "*"
        + (event.getMessage() == null || event.getMessage().isBlank() ? ""
            : " · " + SlackMrkdwn.escape(event.getMessage().strip()));
  }

  private static ObjectNode button(ArrayNode buttons, String actionId, String label, String incidentId) {
    ObjectNode button = buttons.addObject().put("type", "button").put("action_id", actionId);
    button.putObject("text").put("type", "plain_text").put("text", label);
    return button.put("value", incidentId);
  }

  private static Optional<String> alertList(Incident incident) {
    List<IncidentAlert> alerts = incident.getAlerts();
    if (alerts.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder("*Alerts*");
    for (IncidentAlert alert : alerts.subList(0, Math.min(alerts.size(), MAX_ALERTS_LISTED))) {
      String summary = IncidentFacts.oneLine(IncidentFacts.summary(alert));
      text.append("\n• *").append(SlackMrkdwn.escape(IncidentFacts.oneLine(IncidentFacts.alertTitle(alert)))).append("* ")
          .append(alert.getStatus() == AlertStatus.FIRING ? "firing" : "resolved")
          .append(summary.isEmpty() ? "" : " · " + SlackMrkdwn.escape(summary));
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
