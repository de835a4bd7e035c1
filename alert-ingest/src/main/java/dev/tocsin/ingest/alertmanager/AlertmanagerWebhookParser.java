package dev.tocsin.ingest.alertmanager;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.alertmanager.ParseResult.Parsed;
import dev.tocsin.ingest.alertmanager.ParseResult.RejectReason;
import dev.tocsin.ingest.alertmanager.ParseResult.Rejected;
import dev.tocsin.ingest.domain.Fingerprints;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and validates an Alertmanager webhook body (version 4), reporting every problem at once.
 * Unknown fields are ignored, since Alertmanager adds fields without changing the version.
 * Immutable and thread-safe.
 */
public final class AlertmanagerWebhookParser {
  /** Go's zero {@code time.Time}, which Alertmanager sends as the end of every firing alert. */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private static final String SUPPORTED_VERSION = "4";
  private static final int MAX_REPORTED_PROBLEMS = 100;
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** RFC 3339 date-time: seconds required, up to 9 fractional digits, Z or a numeric offset. */
  private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
      .optionalEnd()
      .appendOffset("+HH:MM", "Z")
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final int maxAlerts;

  /** A parser that rejects messages with more than {@code maxAlerts} alerts. */
  public AlertmanagerWebhookParser(int maxAlerts) {
    if (maxAlerts < 1) {
      throw new IllegalArgumentException("maxAlerts must be at least 1, got " + maxAlerts);
    }
    this.maxAlerts = maxAlerts;
  }

  /** Parses {@code body} (UTF-8 JSON). */
  public ParseResult parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return new Rejected(RejectReason.MALFORMED_JSON, List.of("body: not valid JSON: " + describe(e)));
    } catch (IOException e) {
      return new Rejected(RejectReason.MALFORMED_JSON, List.of("body: not valid JSON: " + e.getMessage()));
    }
    if (root == null || root.isMissingNode()) {
      return new Rejected(RejectReason.INVALID_PAYLOAD, List.of("body: is empty"));
    }
    if (!root.isObject()) {
      return new Rejected(RejectReason.INVALID_PAYLOAD, List.of("body: must be a JSON object"));
    }
    JsonNode alertsNode = root.get("alerts");
    if (alertsNode != null && alertsNode.isArray() && alertsNode.size() > maxAlerts) {
      return new Rejected(RejectReason.TOO_MANY_ALERTS, List.of("alerts: " + alertsNode.size()
          + " alerts exceed the limit of " + maxAlerts + " per request"));
    }

    Problems problems = new Problems();
    String version = optionalString(root, "version", "version", problems);
    if (version != null && !SUPPORTED_VERSION.equals(version)) {
      problems.add("version", "unsupported version \"" + version + "\", expected \"" + SUPPORTED_VERSION + "\"");
    }
    String groupKey = optionalString(root, "groupKey", "groupKey", problems);
    String receiver = optionalString(root, "receiver", "receiver", problems);
    String externalUrl = emptyToNull(optionalString(root, "externalURL", "externalURL", problems));
    AlertStatus groupStatus = null;
    if (present(root.get("status"))) {
      groupStatus = status(root.get("status"), "status", problems);
    }
    long truncated = truncatedAlerts(root.get("truncatedAlerts"), problems);

    List<WebhookAlert> alerts = new ArrayList<>();
    if (!present(alertsNode)) {
      problems.add("alerts", "is required");
    } else if (!alertsNode.isArray()) {
      problems.add("alerts", "must be an array");
    } else {
      for (int i = 0; i < alertsNode.size(); i++) {
        WebhookAlert alert = alert(alertsNode.get(i), "alerts[" + i + "]", problems);
        if (alert != null) {
          alerts.add(alert);
        }
      }
    }
    if (!problems.isEmpty()) {
      return new Rejected(RejectReason.INVALID_PAYLOAD, problems.list());
    }
    return new Parsed(new WebhookMessage(groupKey, receiver, groupStatus, externalUrl, truncated, alerts));
  }

  private static WebhookAlert alert(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be an object");
      return null;
    }
    int before = problems.count();
    AlertStatus status = null;
    if (present(node.get("status"))) {
      status = status(node.get("status"), path + ".status", problems);
    } else {
      problems.add(path + ".status", "is required");
    }

    Map<String, String> labels = null;
    if (present(node.get("labels"))) {
      labels = stringMap(node.get("labels"), path + ".labels", problems);
      if (labels != null) {
        String alertname = labels.get("alertname");
        if (alertname == null) {
          problems.add(path + ".labels.alertname", "is required");
        } else if (alertname.isBlank()) {
          problems.add(path + ".labels.alertname", "must not be empty");
        }
      }
    } else {
      problems.add(path + ".labels", "is required");
    }

    Map<String, String> annotations = Map.of();
    if (present(node.get("annotations"))) {
      annotations = stringMap(node.get("annotations"), path + ".annotations", problems);
    }

    Instant startsAt = null;
    if (present(node.get("startsAt"))) {
      startsAt = timestamp(node.get("startsAt"), path + ".startsAt", problems);
      if (GO_ZERO_TIME.equals(startsAt)) {
        problems.add(path + ".startsAt", "is the zero time; a start time is required");
      }
    } else {
      problems.add(path + ".startsAt", "is required");
    }

    Instant endsAt = null;
    if (present(node.get("endsAt"))) {
      endsAt = timestamp(node.get("endsAt"), path + ".endsAt", problems);
      if (GO_ZERO_TIME.equals(endsAt)) {
        endsAt = null;
      }
    }

    String generatorUrl = emptyToNull(optionalString(node, "generatorURL", path + ".generatorURL", problems));

    String fingerprint = emptyToNull(optionalString(node, "fingerprint", path + ".fingerprint", problems));
    if (fingerprint != null && !Fingerprints.isWellFormed(fingerprint)) {
      problems.add(path + ".fingerprint", "must be 16 hex digits");
    }

    if (problems.count() > before) {
      return null;
    }
    String id = fingerprint != null ? fingerprint.toLowerCase(Locale.ROOT) : Fingerprints.of(labels);
    return new WebhookAlert(status, labels, annotations, startsAt, endsAt, generatorUrl, id);
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull();
  }

  private static String optionalString(JsonNode parent, String field, String path, Problems problems) {
    JsonNode node = parent.get(field);
    if (!present(node)) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(path, "must be a string");
      return null;
    }
    return node.textValue();
  }

  private static AlertStatus status(JsonNode node, String path, Problems problems) {
    String value = node.isTextual() ? node.textValue().toLowerCase(Locale.ROOT) : null;
    if ("firing".equals(value)) {
      return AlertStatus.FIRING;
    }
    if ("resolved".equals(value)) {
      return AlertStatus.RESOLVED;
    }
    problems.add(path, "must be \"firing\" or \"resolved\"");
    return null;
  }

  private static long truncatedAlerts(JsonNode node, Problems problems) {
    if (!present(node)) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      problems.add("truncatedAlerts", "must be a non-negative integer");
      return 0;
    }
    return node.longValue();
  }

  private static Map<String, String> stringMap(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be an object of strings");
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    boolean valid = true;
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getValue().isTextual()) {
        map.put(entry.getKey(), entry.getValue().textValue());
      } else {
        problems.add(child(path, entry.getKey()), "must be a string");
        valid = false;
      }
    }
    return valid ? map : null;
  }

  private static Instant timestamp(JsonNode node, String path, Problems problems) {
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

  private static String child(String path, String name) {
    if (PLAIN_NAME.matcher(name).matches()) {
      return path + "." + name;
    }
    return path + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String describe(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String message = e.getOriginalMessage();
    if (location != null && location.getLineNr() > 0) {
      message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
    return message;
  }

  /** Collects problems, keeping the report bounded for pathological bodies. */
  private static final class Problems {
    private final List<String> list = new ArrayList<>();
    private int count;

    void add(String path, String problem) {
      count++;
      if (list.size() < MAX_REPORTED_PROBLEMS) {
        list.add(path + ": " + problem);
      }
    }

    int count() {
      return count;
    }

    boolean isEmpty() {
      return count == 0;
    }

    List<String> list() {
      if (count <= list.size()) {
        return list;
      }
      List<String> bounded = new ArrayList<>(list);
      bounded.add("... and " + (count - list.size()) + " more problems");
      return bounded;
    }
  }
}
