package dev.tocsin.api.status;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incident as customers see it: title, public status, impact, affected components and the
 * updates people posted (newest first) — never labels, annotations, notes, receivers or names.
 */
public record PublicIncident(String id, String name, String status, String impact, Instant createdAt,
    Instant updatedAt, Instant resolvedAt, List<String> componentIds, List<Update> updates) {
  private static final Pattern STATUS_PREFIX = Pattern.compile("^\\[(investigating|identified|monitoring|resolved)] ");

  public PublicIncident {
    componentIds = List.copyOf(componentIds);
    updates = List.copyOf(updates);
  }

  /** One posted update. */
  public record Update(String id, String status, String body, Instant at) {
  }

  /** The public face of {@code incident}, with the updates its timeline holds. */
  public static PublicIncident of(IncidentSummary incident, List<String> componentIds, List<IncidentEvent> timeline) {
    List<Update> updates = new ArrayList<>();
    for (IncidentEvent event : timeline) {
      String status = event.getPublicStatus().name().toLowerCase(Locale.ROOT);
      String id = event.getEventId();
      String body = switch (event.getType()) {
        case OPENED -> "We are investigating this issue.";
        case UPDATE_POSTED -> stripStatus(event.getMessage());
        case STATUS_CHANGED -> "Status: " + status + ".";
        case RESOLVED -> "This incident has been resolved.";
        case REOPENED -> "We are investigating this issue again.";
        default -> null;
      };
      if (body != null) {
        updates.add(new Update(id, event.getType() == IncidentEventType.RESOLVED ? "resolved" : status, body,
            event.getOccurredAt()));
      }
    }
    updates.sort(Comparator.comparing(Update::at).reversed()
        .thenComparing(Comparator.comparingLong(PublicIncident::sequenceOf).reversed()));
    return new PublicIncident(incident.id(), incident.title(), incident.open()
        ? incident.publicStatus().name().toLowerCase(Locale.ROOT) : "resolved", StatusView.impact(incident.severity()),
        incident.openedAt(), incident.updatedAt(), incident.resolvedAt(), componentIds, updates);
  }

  /** The timeline position an update's id ends with ({@code INC-…:7}), for ties in time. */
  private static long sequenceOf(Update update) {
    String id = update.id();
    try {
      return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String stripStatus(String message) {
    if (message == null) {
      return "";
    }
    Matcher matcher = STATUS_PREFIX.matcher(message);
    return matcher.find() ? message.substring(matcher.end()) : message;
  }
}
