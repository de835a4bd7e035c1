package dev.tocsin.api.query;

import dev.tocsin.api.readmodel.IncidentCatalog;
import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A list request's filters, limit and cursor, parsed from its query parameters: {@code status}
 * ({@code open} = triggered or acknowledged, or each of triggered, acknowledged, resolved),
 * {@code severity} (P0–P3 or any alias), {@code service}, {@code component}, {@code label}
 * (an Alertmanager matcher without quotes: {@code name=value}, {@code name!=value},
 * {@code name=~regex}, {@code name!~regex}), {@code since}/{@code until} (RFC 3339, on the
 * opening time), {@code q} (words the title contains, any case), {@code limit} (1–{@value #MAX_LIMIT},
 * default {@value #DEFAULT_LIMIT}) and {@code cursor}. Each parameter may repeat: values of one
 * parameter are alternatives, different parameters all apply.
 */
public record IncidentQuery(Set<IncidentStatus> statuses, Set<Severity> severities, List<String> services,
    List<String> components, List<LabelFilter> labels, Instant since, Instant until, List<String> words, int limit,
    IncidentCatalog.Position after) implements Predicate<IncidentSummary> {
  public static final int MAX_LIMIT = 200;
  public static final int DEFAULT_LIMIT = 50;
  private static final Set<String> KNOWN = Set.of("status", "severity", "service", "component", "label", "since",
      "until", "q", "limit", "cursor");

  /** One label condition, as an Alertmanager matcher: {@code =}, {@code !=}, {@code =~} or {@code !~} (anchored). */
  public record LabelFilter(String name, String value, boolean equal, java.util.regex.Pattern regex) {
    public LabelFilter(String name, String value, boolean equal) {
      this(name, value, equal, null);
    }

    boolean test(Map<String, String> labels) {
      String actual = labels.get(name);
      if (regex != null) {
        return regex.matcher(actual == null ? "" : actual).matches() == equal;
      }
      return value.equals(actual) == equal;
    }
  }

  /** The parsed query, or every problem with its parameters. */
  public sealed interface Parsed permits Valid, Invalid {
  }

  public record Valid(IncidentQuery query) implements Parsed {
  }

  public record Invalid(List<String> problems) implements Parsed {
  }

  /**
   * @param parameters each parameter's values, in order
   * @param aliases the severity names people may use
   */
  public static Parsed parse(Map<String, List<String>> parameters, SeverityAliases aliases) {
    List<String> problems = new ArrayList<>();
    parameters.keySet().stream().filter(k -> !KNOWN.contains(k)).sorted()
        .forEach(k -> problems.add("query." + k + ": unknown parameter (expected one of status, severity, service, "
            + "component, label, since, until, q, limit, cursor)"));
    Set<IncidentStatus> statuses = EnumSet.noneOf(IncidentStatus.class);
    for (String value : values(parameters, "status")) {
      switch (value.toLowerCase(Locale.ROOT)) {
        case "open" -> {
          statuses.add(IncidentStatus.TRIGGERED);
          statuses.add(IncidentStatus.ACKNOWLEDGED);
        }
        case "triggered" -> statuses.add(IncidentStatus.TRIGGERED);
        case "acknowledged" -> statuses.add(IncidentStatus.ACKNOWLEDGED);
        case "resolved" -> statuses.add(IncidentStatus.RESOLVED);
        default -> problems.add("query.status: '" + clip(value) + "' is not one of open, triggered, acknowledged, "
            + "resolved");
      }
    }
    Set<Severity> severities = EnumSet.noneOf(Severity.class);
    for (String value : values(parameters, "severity")) {
      aliases.parse(value).ifPresentOrElse(severities::add,
          () -> problems.add("query.severity: '" + clip(value) + "' is not a severity (P0-P3 or an alias such as "
              + "critical, high, medium, low, SEV-1..SEV-4)"));
    }
    List<LabelFilter> labels = new ArrayList<>();
    for (String value : values(parameters, "label")) {
      int op = operator(value);
      if (op <= 0) {
        problems.add("query.label: '" + clip(value) + "' is not name=value, name!=value, name=~regex or "
            + "name!~regex");
        continue;
      }
      String name = value.substring(0, op).strip();
      String rest = value.substring(op);
      if (rest.startsWith("=~") || rest.startsWith("!~")) {
        String expression = rest.substring(2).strip();
        try {
          labels.add(new LabelFilter(name, expression, rest.charAt(0) == '=',
              java.util.regex.Pattern.compile(expression)));
        } catch (java.util.regex.PatternSyntaxException e) {
          problems.add("query.label: '" + clip(expression) + "' is not a regular expression: " + e.getDescription());
        }
      } else if (rest.startsWith("!=")) {
        labels.add(new LabelFilter(name, rest.substring(2).strip(), false));
      } else {
        labels.add(new LabelFilter(name, rest.substring(1).strip(), true));
      }
    }
    Instant since = instant(parameters, "since", problems);
    Instant until = instant(parameters, "until", problems);
    if (since != null && until != null && until.isBefore(since)) {
      problems.add("query.until: is before since");
    }
    List<String> words = new ArrayList<>();
    for (String value : values(parameters, "q")) {
      for (String word : value.toLowerCase(Locale.ROOT).split("\\s+")) {
        if (!word.isEmpty()) {
          words.add(word);
        }
      }
    }
    int limit = DEFAULT_LIMIT;
    List<String> limits = values(parameters, "limit");
    if (limits.size() > 1) {
      problems.add("query.limit: given more than once");
    } else if (limits.size() == 1) {
      try {
        limit = Integer.parseInt(limits.get(0).strip());
        if (limit < 1 || limit > MAX_LIMIT) {
          problems.add("query.limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
      } catch (NumberFormatException e) {
        problems.add("query.limit: '" + clip(limits.get(0)) + "' is not a whole number");
      }
    }
    IncidentCatalog.Position after = null;
    List<String> cursors = values(parameters, "cursor");
    if (cursors.size() > 1) {
      problems.add("query.cursor: given more than once");
    } else if (cursors.size() == 1) {
      after = decodeCursor(cursors.get(0));
      if (after == null) {
        problems.add("query.cursor: not a cursor this API handed out");
      }
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    return new Valid(new IncidentQuery(statuses, severities, values(parameters, "service"),
        values(parameters, "component"), labels, since, until, words, limit, after));
  }

  @Override
  public boolean test(IncidentSummary incident) {
    if (!statuses.isEmpty() && !statuses.contains(incident.status())) {
      return false;
    }
    if (!severities.isEmpty() && !severities.contains(incident.severity())) {
      return false;
    }
    if (!services.isEmpty() && services.stream().noneMatch(incident.services()::contains)) {
      return false;
    }
    if (!components.isEmpty() && components.stream().noneMatch(incident.components()::contains)) {
      return false;
    }
    if (since != null && incident.openedAt().isBefore(since)) {
      return false;
    }
    if (until != null && !incident.openedAt().isBefore(until)) {
      return false;
    }
    for (LabelFilter label : labels) {
      if (!label.test(incident.labels())) {
        return false;
      }
    }
    if (!words.isEmpty()) {
      String title = incident.title().toLowerCase(Locale.ROOT);
      for (String word : words) {
        if (!title.contains(word)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Where a matcher's operator starts: the first {@code =}, or a {@code !} before {@code =} or {@code ~}; -1 if none. */
  private static int operator(String matcher) {
    for (int k = 0; k < matcher.length(); k++) {
      char c = matcher.charAt(k);
      if (c == '=' || (c == '!' && k + 1 < matcher.length()
          && (matcher.charAt(k + 1) == '=' || matcher.charAt(k + 1) == '~'))) {
        return k;
      }
    }
    return -1;
  }

  /** The cursor that continues after {@code last}: opaque to callers, stable across instances. */
  public static String cursorAfter(IncidentSummary last) {
    String raw = last.openedAt().toEpochMilli() + ":" + last.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static IncidentCatalog.Position decodeCursor(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon <= 0 || colon == raw.length() - 1) {
        return null;
      }
      return new IncidentCatalog.Position(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<String> values(Map<String, List<String>> parameters, String name) {
    List<String> values = new ArrayList<>();
    for (String value : parameters.getOrDefault(name, List.of())) {
      // "status=open,acknowledged" as well as "status=open&status=acknowledged"
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.strip());
        }
      }
    }
    return values;
  }

  private static Instant instant(Map<String, List<String>> parameters, String name, List<String> problems) {
    List<String> given = values(parameters, name);
    if (given.isEmpty()) {
      return null;
    }
    if (given.size() > 1) {
      problems.add("query." + name + ": given more than once");
      return null;
    }
    try {
      return Instant.parse(given.get(0));
    } catch (DateTimeParseException e) {
      problems.add("query." + name + ": '" + clip(given.get(0)) + "' is not an RFC 3339 time such as "
          + "2026-12-01T09:30:00Z");
      return null;
    }
  }

  private static String clip(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
  }
}
