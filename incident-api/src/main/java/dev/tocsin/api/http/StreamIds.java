package dev.tocsin.api.http;

import dev.tocsin.api.readmodel.IncidentSummary;
import java.time.Instant;

/**
 * Event ids of the incident stream: update time in epoch milliseconds, incident id and timeline
 * position. They order changes and mean the same on every instance, so a stream resumes anywhere.
 */
final class StreamIds {
  private StreamIds() {
  }

  static String of(IncidentSummary summary) {
    return summary.updatedAt().toEpochMilli() + "-" + summary.id() + "-" + summary.eventSeq();
  }

  /** The update time a Last-Event-ID names, or null when it is absent or not one of ours. */
  static Instant time(String lastEventId) {
    if (lastEventId == null) {
      return null;
    }
    int dash = lastEventId.indexOf('-');
    try {
      return Instant.ofEpochMilli(Long.parseLong(dash < 0 ? lastEventId.strip() : lastEventId.substring(0, dash)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
