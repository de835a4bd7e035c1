package dev.tocsin.ingest.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.alertmanager.ParseResult.Parsed;
import dev.tocsin.ingest.alertmanager.ParseResult.RejectReason;
import dev.tocsin.ingest.alertmanager.ParseResult.Rejected;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.domain.Fingerprints;
import dev.tocsin.ingest.json.FieldProblems;
import dev.tocsin.ingest.json.JsonBody;
import dev.tocsin.ingest.json.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses and validates an Alertmanager webhook body (version 4) against the {@link AlertLimits},
 * reporting every problem at once. Every field of the format is checked for its type, including
 * those Tocsin does not keep ({@code version}, {@code groupLabels}, {@code commonLabels},
 * {@code commonAnnotations}): a body not of Alertmanager's shape is not trusted for the rest.
 * Absent fields other than {@code alerts} and each alert's {@code status}, {@code labels} and
 * {@code startsAt} are tolerated; JSON {@code null}, which Alertmanager never sends, is not.
 * Unknown fields are ignored, since Alertmanager adds fields without changing the version.
 * Immutable and thread-safe.
 */
public final class AlertmanagerWebhookParser {
  /** Go's zero {@code time.Time}, which Alertmanager sends as the end of every firing alert. */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private static final String SUPPORTED_VERSION = "4";

  private final AlertLimits limits;

  /** A parser that enforces {@code limits}. */
  public AlertmanagerWebhookParser(AlertLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** A parser that rejects messages with more than {@code maxAlerts} alerts and otherwise enforces the default limits. */
  public AlertmanagerWebhookParser(int maxAlerts) {
    this(withMaxAlerts(maxAlerts));
  }

  private static AlertLimits withMaxAlerts(int maxAlerts) {
    if (maxAlerts < 1) {
      throw new IllegalArgumentException("maxAlerts must be at least 1, got " + maxAlerts);
    }
    AlertLimits defaults = AlertLimits.DEFAULT;
    return new AlertLimits(maxAlerts, defaults.maxLabels(), defaults.maxKeyLength(), defaults.maxValueLength());
  }

  /** The limits this parser enforces. */
  public AlertLimits limits() {
    return limits;
  }

  /** Parses {@code body} (UTF-8 JSON). */
  public ParseResult parse(byte[] body) {
    JsonBody read = JsonBody.read(body);
    if (read instanceof JsonBody.NotJson notJson) {
      return new Rejected(RejectReason.MALFORMED_JSON, List.of(notJson.problem()));
    }
    if (!(read instanceof JsonBody.Value value)) {
      return new Rejected(RejectReason.INVALID_PAYLOAD, List.of("body: is empty"));
    }
    JsonNode root = value.root();
    if (!root.isObject()) {
      return new Rejected(RejectReason.INVALID_PAYLOAD, List.of("body: must be a JSON object"));
    }
    JsonNode alertsNode = root.get("alerts");
    if (alertsNode != null && alertsNode.isArray() && alertsNode.size() > limits.maxAlerts()) {
      return new Rejected(RejectReason.TOO_MANY_ALERTS, List.of("alerts: " + alertsNode.size()
          + " alerts exceed the limit of " + limits.maxAlerts() + " per request"));
    }

    // Alertmanager sends every field below, never as null: absent is tolerated (other senders
    // leave fields out), null or another type is not, even where Tocsin does not keep the value.
    JsonFields fields = new JsonFields(limits);
    String version = fields.textUnlessAbsent(root, "version", "version");
    if (version != null && !SUPPORTED_VERSION.equals(version)) {
      fields.add("version", "unsupported version " + FieldProblems.quote(version) + ", expected \""
          + SUPPORTED_VERSION + "\"");
    }
    String groupKey = fields.textUnlessAbsent(root, "groupKey", "groupKey");
    long truncated = truncatedAlerts(root.get("truncatedAlerts"), fields);
    AlertStatus groupStatus = root.has("status") ? fields.alertStatus(root.get("status"), "status") : null;
    String receiver = fields.textUnlessAbsent(root, "receiver", "receiver");
    for (String map : List.of("groupLabels", "commonLabels", "commonAnnotations")) {
      if (root.has(map)) {
        fields.checkStringMapShape(root.get(map), map);
      }
    }
    String externalUrl = emptyToNull(fields.textUnlessAbsent(root, "externalURL", "externalURL"));

    List<WebhookAlert> alerts = new ArrayList<>();
    if (!JsonFields.present(alertsNode)) {
      fields.add("alerts", "is required");
    } else if (!alertsNode.isArray()) {
      fields.add("alerts", "must be an array");
    } else {
      for (int i = 0; i < alertsNode.size(); i++) {
        WebhookAlert alert = alert(alertsNode.get(i), FieldProblems.index("alerts", i), fields);
        if (alert != null) {
          alerts.add(alert);
        }
      }
    }
    if (!fields.problems().isEmpty()) {
      return new Rejected(RejectReason.INVALID_PAYLOAD, fields.problems().list());
    }
    return new Parsed(new WebhookMessage(groupKey, receiver, groupStatus, externalUrl, truncated, alerts));
  }

  private static WebhookAlert alert(JsonNode node, String path, JsonFields fields) {
    if (!node.isObject()) {
      fields.add(path, "must be an object");
      return null;
    }
    int before = fields.problems().count();
    AlertStatus status = null;
    if (JsonFields.present(node.get("status"))) {
      status = fields.alertStatus(node.get("status"), path + ".status");
    } else {
      fields.add(path + ".status", "is required");
    }

    Map<String, String> labels = null;
    if (JsonFields.present(node.get("labels"))) {
      labels = fields.stringMap(node.get("labels"), path + ".labels", "labels");
      if (labels != null) {
        String alertname = labels.get("alertname");
        if (alertname == null) {
          fields.add(path + ".labels.alertname", "is required");
        } else if (alertname.isBlank()) {
          fields.add(path + ".labels.alertname", "must not be empty");
        }
      }
    } else {
      fields.add(path + ".labels", "is required");
    }

    Map<String, String> annotations = Map.of();
    if (node.has("annotations")) {
      annotations = fields.stringMap(node.get("annotations"), path + ".annotations", "annotations");
    }

    Instant startsAt = null;
    if (JsonFields.present(node.get("startsAt"))) {
      startsAt = fields.rfc3339(node.get("startsAt"), path + ".startsAt");
      if (GO_ZERO_TIME.equals(startsAt)) {
        fields.add(path + ".startsAt", "is the zero time; a start time is required");
        startsAt = null;
      } else if (startsAt != null && startsAt.isBefore(GO_ZERO_TIME)) {
        fields.add(path + ".startsAt", "before year 1");
        startsAt = null;
      }
    } else {
      fields.add(path + ".startsAt", "is required");
    }

    Instant endsAt = null;
    if (node.has("endsAt")) {
      endsAt = fields.rfc3339(node.get("endsAt"), path + ".endsAt");
      if (GO_ZERO_TIME.equals(endsAt)) {
        endsAt = null; // "no end yet", as Alertmanager sends for every firing alert
      } else if (endsAt != null && endsAt.isBefore(GO_ZERO_TIME)) {
        fields.add(path + ".endsAt", "before year 1");
      } else if (endsAt != null && startsAt != null && endsAt.isBefore(startsAt)) {
        fields.add(path + ".endsAt", "before startsAt");
      }
    }

    String generatorUrl = emptyToNull(fields.textUnlessAbsent(node, "generatorURL", path + ".generatorURL"));

    String fingerprint = emptyToNull(fields.textUnlessAbsent(node, "fingerprint", path + ".fingerprint"));
    if (fingerprint != null && !Fingerprints.isWellFormed(fingerprint)) {
      fields.add(path + ".fingerprint", "must be 16 hex digits");
    }

    if (fields.problems().count() > before) {
      return null;
    }
    String id = fingerprint != null ? fingerprint.toLowerCase(Locale.ROOT) : Fingerprints.of(labels);
    return new WebhookAlert(status, labels, annotations, startsAt, endsAt, generatorUrl, id);
  }

  private static long truncatedAlerts(JsonNode node, JsonFields fields) {
    if (node == null) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      fields.add("truncatedAlerts", "must be a non-negative integer");
      return 0;
    }
    return node.longValue();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
