package dev.tocsin.api.console;

import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One incident for the console: its facts, alerts, timeline and whether forms are shown. */
public record IncidentPage(Viewer viewer, String id, String title, String description, String severity, String status,
    String publicStatus, String opened, String age, String assignee, String components, String impact,
    boolean open, boolean falsePositive, List<AlertRow> alerts, String alertsNote, List<EventRow> timeline,
    String notice) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** One alert: state, labels, and the links it carries. */
  public record AlertRow(String status, String summary, String labels, String runbook, String generator) {
  }

  /** One timeline event. */
  public record EventRow(long sequence, String time, String type, String actor, String message) {
  }

  public static IncidentPage of(Viewer viewer, Incident incident, List<IncidentEvent> timeline, Instant now,
      String notice) {
    List<AlertRow> alerts = new ArrayList<>();
    for (IncidentAlert alert : incident.getAlerts()) {
      Map<String, String> annotations = alert.getAnnotations();
      StringBuilder labels = new StringBuilder();
      alert.getLabels().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> labels.append(labels.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
              .append(e.getValue()));
      alerts.add(new AlertRow(alert.getStatus().name().toLowerCase(Locale.ROOT),
          annotations.getOrDefault("summary", annotations.getOrDefault("description", "")), labels.toString(),
          safeLink(annotations.getOrDefault("runbook_url", annotations.get("runbook"))),
          safeLink(alert.getGeneratorUrl())));
    }
    List<EventRow> events = new ArrayList<>();
    for (IncidentEvent event : timeline) {
      String actor = event.getActor() == null ? "" : event.getActor().getName() != null ? event.getActor().getName()
          : event.getActor().getId();
      events.add(new EventRow(event.getSequence(), TIME.format(event.getOccurredAt()),
          event.getType().name().toLowerCase(Locale.ROOT).replace('_', ' '), actor,
          event.getMessage() == null ? "" : event.getMessage()));
    }
    return new IncidentPage(viewer, incident.getId(), incident.getTitle(), incident.getDescription(),
        incident.getSeverity().name(), incident.getStatus().name().toLowerCase(Locale.ROOT),
        incident.getPublicStatus().name().toLowerCase(Locale.ROOT), TIME.format(incident.getOpenedAt()),
        ListPage.age(java.time.Duration.between(incident.getOpenedAt(), now)),
        incident.getAssignee() == null ? "" : incident.getAssignee().getId(),
        String.join(", ", incident.getAffectedComponents()),
        incident.getImpactDescription() == null ? "" : incident.getImpactDescription(),
        incident.getStatus() != dev.tocsin.avro.IncidentStatus.RESOLVED, incident.getFalsePositive(), alerts,
        alertsNote(incident), events, notice);
  }

  /** Says so when the snapshot lists only some of the incident's alerts. */
  static String alertsNote(Incident incident) {
    int total = incident.getAlertCount();
    if (total <= incident.getAlerts().size()) {
      return "";
    }
    return "Showing " + incident.getAlerts().size() + " of " + total + " alerts (" + incident.getFiringCount()
        + " firing): the one that opened the incident and the latest; the timeline names every one.";
  }

  /** Only http(s) links become links: a {@code javascript:} URL in an annotation stays text. */
  static String safeLink(String url) {
    if (url == null) {
      return null;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") ? url.strip() : null;
  }
}
