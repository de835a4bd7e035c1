package dev.tocsin.ingest.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.domain.AlertLimits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Typed reads of a JSON body's fields that record a problem with the field's path instead of
 * failing, and hold every string they return to the {@link AlertLimits}; not thread-safe (one
 * instance per parse).
 *
 * <p>Lengths are counted in Unicode code points. Strings with unpaired surrogates (possible
 * through {@code \ud800} escapes) are refused: they cannot be encoded as UTF-8, so Kafka would
 * carry something other than what was accepted.
 */
public final class JsonFields {
  /**
   * RFC 3339 date-time: four-digit year, seconds required, up to 9 fractional digits, {@code Z} or
   * a numeric offset. The four-digit year keeps every instant within Avro's millisecond range.
   */
  private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendValue(ChronoField.YEAR, 4)
      .appendPattern("-MM-dd'T'HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
      .optionalEnd()
      .appendOffset("+HH:MM", "Z")
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);

  private final AlertLimits limits;
  private final FieldProblems problems = new FieldProblems();

  /** Fields read against {@code limits}, collecting problems in a fresh report. */
  public JsonFields(AlertLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits strings are held to. */
  public AlertLimits limits() {
    return limits;
  }

  /** The problems found so far. */
  public FieldProblems problems() {
    return problems;
  }

  /** Records a problem found by the caller. */
  public void add(String path, String problem) {
    problems.add(path, problem);
  }

  /** Whether {@code node} is there and not JSON {@code null}: absent and null mean the same. */
  public static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }

  /** The string {@code node} holds, or null after recording why it is not an acceptable string. */
  public String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      problems.add(path, "must be a string");
      return null;
    }
    String value = node.textValue();
    return checkValue(value, path) ? value : null;
  }

  /** The string member {@code field} of {@code parent}, or null when absent, null or not acceptable. */
  public String optionalText(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    return present(node) ? text(node, path) : null;
  }

  /**
   * The string member {@code field} of {@code parent}, or null when absent or not acceptable; for
   * senders that never send JSON {@code null}, so null is a problem like any other non-string.
   */
  public String textUnlessAbsent(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    return node == null ? null : text(node, path);
  }

  /**
   * Checks that {@code node} is an object whose members are all strings, recording every member
   * that is not; for maps that are read only to check the sender (no limits apply).
   */
  public void checkStringMapShape(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(path, "must be an object of strings");
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        problems.add(FieldProblems.child(path, entry.getKey()), "must be a string");
      }
    }
  }

  /**
   * The object {@code node} as a map of strings in document order, checked against the limits, or
   * null after recording every problem.
   *
   * @param noun what the entries are called in a count problem, e.g. {@code labels}
   */
  public Map<String, String> stringMap(JsonNode node, String path, String noun) {
    if (!node.isObject()) {
      problems.add(path, "must be an object of strings");
      return null;
    }
    int before = problems.count();
    checkCount(node.size(), path, noun);
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      if (!checkName(name, path)) {
        continue;
      }
      String value = text(entry.getValue(), FieldProblems.child(path, name));
      if (value != null) {
        map.put(name, value);
      }
    }
    return problems.count() == before ? map : null;
  }

  /** Whether a map of {@code count} entries is within the per-alert limit; records a problem if not. */
  public boolean checkCount(int count, String path, String noun) {
    if (count > limits.maxLabels()) {
      problems.add(path, count + " " + noun + ", at most " + limits.maxLabels());
      return false;
    }
    return true;
  }

  /** Whether {@code name} may name a label or annotation; records a problem at the map's path if not. */
  public boolean checkName(String name, String mapPath) {
    if (name.isEmpty()) {
      problems.add(mapPath, "a name is empty");
      return false;
    }
    if (length(name) > limits.maxKeyLength()) {
      problems.add(mapPath, "name " + FieldProblems.quote(name) + " longer than " + limits.maxKeyLength()
          + " characters");
      return false;
    }
    if (!isWellFormedUnicode(name)) {
      problems.add(mapPath, "name " + FieldProblems.quote(name) + " is not valid Unicode (unpaired surrogate)");
      return false;
    }
    return true;
  }

  /** Whether {@code value} is within the value limit and valid Unicode; records a problem if not. */
  public boolean checkValue(String value, String path) {
    if (length(value) > limits.maxValueLength()) {
      problems.add(path, "value longer than " + limits.maxValueLength() + " characters");
      return false;
    }
    if (!isWellFormedUnicode(value)) {
      problems.add(path, "is not valid Unicode (unpaired surrogate)");
      return false;
    }
    return true;
  }

  /** An alert status, {@code "firing"} or {@code "resolved"} in any case; null (and a problem) otherwise. */
  public AlertStatus alertStatus(JsonNode node, String path) {
    String value = node != null && node.isTextual() ? node.textValue().toLowerCase(Locale.ROOT) : null;
    if ("firing".equals(value)) {
      return AlertStatus.FIRING;
    }
    if ("resolved".equals(value)) {
      return AlertStatus.RESOLVED;
    }
    add(path, "must be \"firing\" or \"resolved\"");
    return null;
  }

  /** The RFC 3339 timestamp {@code node} holds, or null after recording that it is not one. */
  public Instant rfc3339(JsonNode node, String path) {
    if (node.isTextual()) {
      try {
        return OffsetDateTime.parse(node.textValue(), RFC_3339).toInstant();
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    problems.add(path, "not an RFC 3339 timestamp");
    return null;
  }

  /** The length of {@code value} in Unicode code points. */
  public static int length(String value) {
    return value.codePointCount(0, value.length());
  }

  /** Whether every surrogate in {@code value} is half of a pair. */
  public static boolean isWellFormedUnicode(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
