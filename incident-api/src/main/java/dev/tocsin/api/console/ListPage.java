package dev.tocsin.api.console;

import dev.tocsin.api.readmodel.IncidentSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The incident list: the filters as given, problems with them, the rows and the next page's link. */
public record ListPage(Viewer viewer, String status, String severity, String service, String q, List<String> problems,
    List<Row> rows, String next, int total) {

  /** One incident in the list. */
  public record Row(String id, String title, String severity, String status, String statusId, String age,
      String services, String assignee, int firing, int alerts) {
    static Row of(IncidentSummary s, Instant now) {
      return new Row(s.id(), s.title(), s.severity().name(), s.status().name().toLowerCase(Locale.ROOT),
          s.status().name().toLowerCase(Locale.ROOT), ListPage.age(Duration.between(s.openedAt(), now)),
          String.join(", ", s.services()), s.assignee() == null ? "" : s.assignee(), s.firing(), s.alerts());
    }
  }

  /** "3m", "2h 5m", "4d 1h": how long ago, to the unit that matters. */
  static String age(Duration d) {
    if (d.isNegative() || d.toMinutes() < 1) {
      return "just now";
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + "m";
    }
    if (d.toDays() < 1) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toDays() + "d " + d.toHoursPart() + "h";
  }
}
