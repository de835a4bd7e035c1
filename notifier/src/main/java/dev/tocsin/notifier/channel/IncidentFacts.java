package dev.tocsin.notifier.channel;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.schemas.vocabulary.HttpUrls;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the human-facing channels (Slack, email, PagerDuty) say about an incident, derived from
 * the records the same way for each: alert names and summaries, services, runbook and source
 * links, the event's headline. Pure functions; the text returned is raw, each channel escapes it
 * for its own format.
 */
final class IncidentFacts {
  private static final DateTimeFormatter UTC_MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private IncidentFacts() {
  }

  /** A link with the text to show for it; {@code href} is an absolute http(s) URL. */
  record Link(String href, String text) {
    Link {
      Objects.requireNonNull(href, "href");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The alert's {@code alertname}, or its fingerprint when it has none. */
  static String alertName(IncidentAlert alert) {
    String name = alert.getLabels().get("alertname");
    return name == null || name.isBlank() ? alert.getFingerprint() : name;
  }

  /** The alert's name and, when it has one, its instance: "HighErrorRate on checkout-1". */
  static String alertTitle(IncidentAlert alert) {
    String instance = alert.getLabels().get("instance");
    return alertName(alert) + (instance == null || instance.isBlank() ? "" : " on " + instance);
  }

  /** The alert's {@code summary} annotation, else its {@code description}, else empty. */
  static String summary(IncidentAlert alert) {
    for (String key : List.of("summary", "description")) {
      String text = alert.getAnnotations().get(key);
      if (text != null && !text.isBlank()) {
        return text.strip();
      }
    }
    return "";
  }

  /** Labels every alert shares, overlaid with the group labels: what describes the incident as a whole. */
  static Map<String, String> commonLabels(Incident incident) {
    Map<String, String> common = null;
    for (IncidentAlert alert : incident.getAlerts()) {
      if (common == null) {
        common = new HashMap<>(alert.getLabels());
      } else {
        common.entrySet().retainAll(alert.getLabels().entrySet());
      }
    }
    Map<String, String> labels = new TreeMap<>(common == null ? Map.of() : common);
    labels.putAll(incident.getGroupLabels());
    return labels;
  }

  /** The first of {@code names} among the incident's common labels that has a value. */
  static Optional<String> label(Map<String, String> labels, String... names) {
    for (String name : names) {
      String value = labels.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Distinct {@code service} label values of the incident and its alerts, sorted. */
  static List<String> services(Incident incident) {
    TreeSet<String> services = new TreeSet<>();
    String grouped = incident.getGroupLabels().get("service");
    if (grouped != null && !grouped.isBlank()) {
      services.add(grouped);
    }
    for (IncidentAlert alert : incident.getAlerts()) {
      String service = alert.getLabels().get("service");
      if (service != null && !service.isBlank()) {
        services.add(service);
      }
    }
    return List.copyOf(services);
  }

  /** What is affected: the declared components, else the services the alerts name. */
  static List<String> affected(Incident incident) {
    return incident.getAffectedComponents().isEmpty() ? services(incident)
        : List.copyOf(incident.getAffectedComponents());
  }

  /** Alerts still firing. */
  static long firing(Incident incident) {
    return incident.getAlerts().stream().filter(alert -> alert.getStatus() == AlertStatus.FIRING).count();
  }

  /** "2 firing", "1 firing, 1 resolved", "none". */
  static String alertCount(Incident incident) {
    long firing = firing(incident);
    long resolved = incident.getAlerts().size() - firing;
    if (firing == 0 && resolved == 0) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    if (firing > 0) {
      parts.add(firing + " firing");
    }
    if (resolved > 0) {
      parts.add(resolved + " resolved");
    }
    return String.join(", ", parts);
  }

  /** Distinct runbooks ({@code runbook_url} annotations) of the alerts, named after their alerts. */
  static List<Link> runbooks(Incident incident) {
    Map<String, Link> links = new LinkedHashMap<>();
    for (IncidentAlert alert : incident.getAlerts()) {
      httpUrl(alert.getAnnotations().get("runbook_url"))
          .ifPresent(url -> links.putIfAbsent(url, new Link(url, alertName(alert))));
    }
    return List.copyOf(links.values());
  }

  /** Distinct links back to the alerts' sources (Prometheus graphs, consoles), named after their alerts. */
  static List<Link> sources(Incident incident) {
    Map<String, Link> links = new LinkedHashMap<>();
    for (IncidentAlert alert : incident.getAlerts()) {
      httpUrl(alert.getGeneratorUrl()).ifPresent(url -> links.putIfAbsent(url, new Link(url, alertName(alert))));
    }
    return List.copyOf(links.values());
  }

  /**
   * {@code text} if it is an absolute http(s) URL with a host: links come from alert annotations,
   * and a {@code javascript:} or relative one must not reach a message.
   */
  static Optional<String> httpUrl(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return HttpUrls.parse(text).map(URI::toString);
  }

  /**
   * What the event did, in a few words: "Opened", "Acknowledged by jane", "Severity changed from
   * P2 to P1". Event types added later read as their humanised names.
   */
  static String headline(IncidentEvent event) {
    IncidentEventType type = event.getType();
    if (type == IncidentEventType.SEVERITY_CHANGED && event.getPreviousSeverity() != null) {
      return "Severity changed from " + event.getPreviousSeverity() + " to " + event.getSeverity();
    }
    String name = type == IncidentEventType.UNKNOWN ? "Updated" : humanize(type);
    if ((type == IncidentEventType.ACKNOWLEDGED || type == IncidentEventType.RESOLVED)
        && event.getActor() != null && "user".equals(event.getActor().getKind())) {
      String who = event.getActor().getName() == null ? event.getActor().getId() : event.getActor().getName();
      return name + " by " + who;
    }
    return name;
  }

  /** The incident's state as people say it: "Triggered (investigating)", "Resolved". */
  static String status(Incident incident) {
    String status = humanize(incident.getStatus());
    String shown = humanize(incident.getPublicStatus()).toLowerCase(Locale.ROOT);
    return status.toLowerCase(Locale.ROOT).equals(shown) ? status : status + " (" + shown + ")";
  }

  /** {@code SEVERITY_CHANGED} as "Severity changed". */
  static String humanize(Enum<?> value) {
    String words = value.name().replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** {@code instant} to the minute, e.g. "2025-03-04 10:15 UTC". */
  static String utc(Instant instant) {
    return UTC_MINUTES.format(instant);
  }

  /** {@code text} with line breaks and other control characters turned into spaces. */
  static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}+", " ").strip();
  }

  /** {@code text} cut to at most {@code maxChars} code points, the last being an ellipsis when cut. */
  static String truncate(String text, int maxChars) {
    if (text.codePointCount(0, text.length()) <= maxChars) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxChars - 1)) + "…";
  }
}
