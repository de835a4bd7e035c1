package dev.tocsin.notifier.channel;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a notification as an incident email in the manner of a status-page notice: what
 * happened, status, severity, what is affected, when it started (and ended), the alerts with
 * their summaries, runbook and source links, and the incident link, as plain text and as HTML
 * with every piece of incident or alert text HTML-escaped. The subject is the same for every event
 * of an incident, so mail clients (Gmail included) keep one thread; the state is in the body.
 * Pure.
 */
final class IncidentEmails {
  static final int MAX_ALERTS_LISTED = 20;

  private IncidentEmails() {
  }

  /** Which template an event gets. */
  enum Template {
    OPENED, UPDATE, RESOLVED;

    static Template of(IncidentEventType type) {
      return switch (type) {
        case OPENED -> OPENED;
        case RESOLVED -> RESOLVED;
        default -> UPDATE;
      };
    }
  }

  /**
   * One rendered email.
   *
   * @param messageId this event's {@code Message-ID}, angle brackets included
   * @param threadRoot the {@code Message-ID} of the incident's first event, for {@code In-Reply-To}
   *     and {@code References}; empty on the first event itself
   * @param headers further headers for filters and tests ({@code X-Incident-Id}, ...)
   */
  record IncidentEmail(String subject, String text, String html, String messageId, Optional<String> threadRoot,
      Map<String, String> headers) {
    IncidentEmail {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(html, "html");
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(threadRoot, "threadRoot");
      headers = Map.copyOf(headers);
    }
  }

  /** {@code [Tocsin] INC-7K2M9QXD HighErrorRate on checkout}: nothing in it changes during the incident. */
  static String subject(Incident incident) {
    return IncidentFacts.oneLine("[Tocsin] " + incident.getId() + " " + incident.getTitle());
  }

  /** {@code <INC-7K2M9QXD.3@tocsin>}: one id per incident event, the same for every attempt and receiver. */
  static String messageId(String incidentId, long sequence, String domain) {
    return "<" + atom(incidentId) + "." + sequence + "@" + domain + ">";
  }

  /** Keeps a Message-ID's left part within RFC 5322's {@code dot-atom-text}. */
  private static String atom(String text) {
    return text.replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "_");
  }

  /** The email for {@code notification}; Message-IDs end in {@code @messageIdDomain}. */
  static IncidentEmail render(Notification notification, IncidentLinks links, String messageIdDomain) {
    IncidentEvent event = notification.getEvent();
    Incident incident = notification.getIncident();
    Template template = Template.of(event.getType());
    String messageId = messageId(incident.getId(), event.getSequence(), messageIdDomain);
    Optional<String> root = event.getSequence() > 1
        ? Optional.of(messageId(incident.getId(), 1, messageIdDomain)) : Optional.empty();
    Notice notice = Notice.of(notification, template, links);

    Map<String, String> headers = new LinkedHashMap<>();
    // RFC 3834: keeps auto-responders from answering into the incident thread.
    headers.put("Auto-Submitted", "auto-generated");
    headers.put("X-Incident-Id", incident.getId());
    headers.put("X-Incident-Event", event.getType().name());
    headers.put("X-Incident-State", incident.getStatus().name());
    headers.put("X-Severity", incident.getSeverity().name());
    headers.put("X-Tocsin-Notification-Id", notification.getNotificationId());
    return new IncidentEmail(subject(incident), notice.text(), notice.html(), messageId, root, headers);
  }

  /** The facts a notice shows, as raw text, rendered twice: as text and as HTML. */
  private record Notice(String heading, String intro, List<Section> sections, List<Row> facts,
      List<AlertItem> alerts, int alertsNotShown, Optional<String> incidentUrl, String footer) {

    static Notice of(Notification notification, Template template, IncidentLinks links) {
      IncidentEvent event = notification.getEvent();
      Incident incident = notification.getIncident();
      String title = IncidentFacts.oneLine(incident.getTitle());
      String heading = switch (template) {
        case OPENED -> "Incident opened: " + title;
        case RESOLVED -> "Resolved: " + title;
        case UPDATE -> IncidentFacts.headline(event) + ": " + title;
      };
      String intro = switch (template) {
        case OPENED -> "A " + incident.getSeverity() + " incident was opened at "
            + IncidentFacts.utc(incident.getOpenedAt()) + " and is being investigated.";
        case RESOLVED -> "This incident was resolved at " + IncidentFacts.utc(resolvedAt(incident, event))
            + " after " + duration(Duration.between(incident.getOpenedAt(), resolvedAt(incident, event))) + ".";
        case UPDATE -> IncidentFacts.headline(event) + " at " + IncidentFacts.utc(event.getOccurredAt()) + ".";
      };

      List<Section> sections = new ArrayList<>();
      if (event.getMessage() != null && !event.getMessage().isBlank()) {
        sections.add(new Section(template == Template.OPENED ? "What is happening"
            : template == Template.RESOLVED ? "Resolution" : "Update", paragraph(event.getMessage())));
      }
      if (incident.getImpactDescription() != null && !incident.getImpactDescription().isBlank()) {
        sections.add(new Section("Impact", paragraph(incident.getImpactDescription())));
      }
      if (template == Template.OPENED && incident.getDescription() != null && !incident.getDescription().isBlank()) {
        sections.add(new Section("Description", paragraph(incident.getDescription())));
      }

      List<Row> facts = new ArrayList<>();
      facts.add(new Row("Status", IncidentFacts.status(incident)));
      facts.add(new Row("Severity", incident.getSeverity().name()));
      List<String> affected = IncidentFacts.affected(incident);
      facts.add(new Row("Affected", affected.isEmpty() ? "not known yet" : String.join(", ", affected)));
      facts.add(new Row("Started", IncidentFacts.utc(incident.getOpenedAt())));
      if (incident.getResolvedAt() != null) {
        facts.add(new Row("Resolved", IncidentFacts.utc(incident.getResolvedAt())));
        facts.add(new Row("Duration", duration(Duration.between(incident.getOpenedAt(), incident.getResolvedAt()))));
      }
      facts.add(new Row("Alerts", IncidentFacts.alertCount(incident)));
      facts.add(new Row("Incident", incident.getId()));

      List<AlertItem> alerts = new ArrayList<>();
      List<IncidentAlert> all = incident.getAlerts();
      for (IncidentAlert alert : all.subList(0, Math.min(all.size(), MAX_ALERTS_LISTED))) {
        alerts.add(AlertItem.of(alert));
      }
      String footer = "Sent by Tocsin to receiver " + IncidentFacts.oneLine(notification.getReceiver())
          + " for event " + event.getSequence() + " of incident " + incident.getId() + ".";
      return new Notice(heading, intro, sections, facts, alerts, Math.max(0, all.size() - MAX_ALERTS_LISTED),
          links.of(incident.getId()), footer);
    }

    String text() {
      StringBuilder out = new StringBuilder();
      out.append(heading).append("\n\n").append(intro).append("\n\n");
      // Name, colon and at least two spaces, so the values line up in a fixed-width font.
      int width = facts.stream().mapToInt(row -> row.name().length()).max().orElse(0) + 3;
      for (Row row : facts) {
        out.append(String.format(Locale.ROOT, "%-" + width + "s%s\n", row.name() + ":", row.value()));
      }
      incidentUrl.ifPresent(url -> out.append(String.format(Locale.ROOT, "%-" + width + "s%s\n", "Link:", url)));
      for (Section section : sections) {
        out.append('\n').append(section.title()).append('\n').append(section.body()).append('\n');
      }
      if (!alerts.isEmpty()) {
        out.append("\nAlerts\n");
        for (AlertItem alert : alerts) {
          out.append("- ").append(alert.name()).append(" (").append(alert.state()).append(")\n");
          if (!alert.summary().isEmpty()) {
            out.append("  ").append(alert.summary()).append('\n');
          }
          alert.runbook().ifPresent(url -> out.append("  Runbook: ").append(url).append('\n'));
          alert.source().ifPresent(url -> out.append("  Source: ").append(url).append('\n'));
        }
        if (alertsNotShown > 0) {
          out.append("- and ").append(alertsNotShown).append(" more\n");
        }
      }
      out.append("\n-- \n").append(footer).append('\n');
      return out.toString();
    }

    String html() {
      StringBuilder out = new StringBuilder();
      out.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>").append(escape(heading))
          .append("</title></head>\n<body style=\"font-family:Helvetica,Arial,sans-serif;color:#1d1c1d;"
              + "max-width:640px\">\n");
      out.append("<h2 style=\"margin:0 0 8px\">").append(escape(heading)).append("</h2>\n");
      out.append("<p>").append(escape(intro)).append("</p>\n");
      out.append("<table style=\"border-collapse:collapse\">\n");
      for (Row row : facts) {
        out.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">").append(escape(row.name()))
            .append("</th><td>").append(escape(row.value())).append("</td></tr>\n");
      }
      incidentUrl.ifPresent(url -> out.append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">Link</th>"
          + "<td>").append(anchor(url, "Open in Tocsin")).append("</td></tr>\n"));
      out.append("</table>\n");
      for (Section section : sections) {
        out.append("<h3 style=\"margin:16px 0 4px\">").append(escape(section.title())).append("</h3>\n<p>")
            .append(escape(section.body()).replace("\n", "<br>\n")).append("</p>\n");
      }
      if (!alerts.isEmpty()) {
        out.append("<h3 style=\"margin:16px 0 4px\">Alerts</h3>\n<ul>\n");
        for (AlertItem alert : alerts) {
          out.append("<li><strong>").append(escape(alert.name())).append("</strong> (")
              .append(escape(alert.state())).append(')');
          if (!alert.summary().isEmpty()) {
            out.append("<br>").append(escape(alert.summary()));
          }
          alert.runbook().ifPresent(url -> out.append("<br>").append(anchor(url, "Runbook")));
          alert.source().ifPresent(url -> out.append("<br>").append(anchor(url, "Source")));
          out.append("</li>\n");
        }
        if (alertsNotShown > 0) {
          out.append("<li>and ").append(alertsNotShown).append(" more</li>\n");
        }
        out.append("</ul>\n");
      }
      out.append("<p style=\"color:#616061;font-size:12px\">").append(escape(footer)).append("</p>\n");
      out.append("</body></html>\n");
      return out.toString();
    }
  }

  private record Section(String title, String body) {
  }

  private record Row(String name, String value) {
  }

  private record AlertItem(String name, String state, String summary, Optional<String> runbook,
      Optional<String> source) {
    static AlertItem of(IncidentAlert alert) {
      String state = alert.getStatus() == AlertStatus.FIRING
          ? "firing since " + IncidentFacts.utc(alert.getStartsAt())
          : alert.getEndsAt() == null ? "resolved" : "resolved at " + IncidentFacts.utc(alert.getEndsAt());
      return new AlertItem(IncidentFacts.oneLine(IncidentFacts.alertTitle(alert)), state,
          IncidentFacts.oneLine(IncidentFacts.summary(alert)),
          IncidentFacts.httpUrl(alert.getAnnotations().get("runbook_url")),
          IncidentFacts.httpUrl(alert.getGeneratorUrl()));
    }
  }

  /** Free text kept to its lines, without other control characters. */
  private static String paragraph(String text) {
    return text.strip().replace("\r\n", "\n").replaceAll("[\\p{Cntrl}&&[^\n]]+", " ");
  }

  private static Instant resolvedAt(Incident incident, IncidentEvent event) {
    return incident.getResolvedAt() != null ? incident.getResolvedAt() : event.getOccurredAt();
  }

  /** "42 minutes", "3 h 5 min", "less than a minute". */
  static String duration(Duration duration) {
    long minutes = Math.max(0, duration.toMinutes());
    if (minutes == 0) {
      return "less than a minute";
    }
    if (minutes < 60) {
      return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
    long hours = minutes / 60;
    long rest = minutes % 60;
    return hours + " h" + (rest == 0 ? "" : " " + rest + " min");
  }

  /** {@code text} safe as HTML element content and attribute value. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A link; {@code href} is a validated http(s) URL, escaped for the attribute all the same. */
  private static String anchor(String href, String text) {
    return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
  }
}
