package dev.tocsin.ingest.generic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.domain.AlertSource;
import dev.tocsin.ingest.domain.Fingerprints;
import dev.tocsin.ingest.json.FieldProblems;
import dev.tocsin.ingest.json.JsonBody;
import dev.tocsin.ingest.json.JsonFields;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tocsin's own alert API ({@code POST /api/v1/alerts}) as an {@link AlertSource}: one alert object
 * or an array of them, in the schema the package documentation describes; immutable and thread-safe.
 */
public final class GenericAlertSource implements AlertSource {
  /** Every field an alert object may have; any other is refused, so a misspelt field cannot vanish. */
  static final Set<String> FIELDS = Set.of("name", "status", "severity", "labels", "annotations", "startsAt",
      "endsAt", "generatorURL", "dedupKey");
  /** What a dedup key may look like: safe in a Kafka key, a URL and a log line. */
  static final Pattern DEDUP_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final String ALERTNAME = "alertname";
  /** Go's zero time, which Alertmanager-style senders use for "no time". */
  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private final AlertLimits limits;

  /** A source that enforces {@code limits}. */
  public GenericAlertSource(AlertLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public AlertBatch parse(byte[] body, Instant receivedAt, String requestId) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    return JsonBody.alerts(body, root -> parse(root, receivedAt, requestId));
  }

  private AlertBatch parse(JsonNode root, Instant receivedAt, String requestId) {
    JsonFields fields = new JsonFields(limits);
    List<Alert> alerts = new ArrayList<>();
    if (root.isObject()) {
      add(alerts, alert(root, "", fields, receivedAt, requestId));
    } else if (root.isArray()) {
      if (root.isEmpty()) {
        return invalid("body: must hold at least one alert");
      }
      if (root.size() > limits.maxAlerts()) {
        return new AlertBatch.Rejected(AlertBatch.Reason.TOO_MANY_ALERTS, List.of("body: " + root.size()
            + " alerts exceed the limit of " + limits.maxAlerts() + " per request"));
      }
      for (int i = 0; i < root.size(); i++) {
        add(alerts, alert(root.get(i), FieldProblems.index("", i), fields, receivedAt, requestId));
      }
    } else {
      return invalid("body: must be an alert object or an array of them");
    }
    if (!fields.problems().isEmpty()) {
      return new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD, fields.problems().list());
    }
    return new AlertBatch.Accepted(alerts, List.of());
  }

  private static void add(List<Alert> alerts, Alert alert) {
    if (alert != null) {
      alerts.add(alert);
    }
  }

  private static AlertBatch invalid(String problem) {
    return new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD, List.of(problem));
  }

  private static Alert alert(JsonNode node, String path, JsonFields fields, Instant receivedAt, String requestId) {
    if (!node.isObject()) {
      fields.add(path, "must be an object");
      return null;
    }
    int before = fields.problems().count();
    node.fieldNames().forEachRemaining(field -> {
      if (!FIELDS.contains(field)) {
        fields.add(FieldProblems.child(path, field), "unknown field");
      }
    });

    String name = fields.optionalText(node, "name", FieldProblems.child(path, "name"));
    if (name != null && name.isBlank()) {
      fields.add(FieldProblems.child(path, "name"), "must not be empty");
    }
    String labelsPath = FieldProblems.child(path, "labels");
    Map<String, String> labels = map(node, "labels", labelsPath, fields);
    Map<String, String> annotations = map(node, "annotations", FieldProblems.child(path, "annotations"), fields);
    if (labels != null) {
      labels = withAlertname(labels, name, JsonFields.present(node.get("name")), path, labelsPath, fields);
    }

    AlertStatus status = null;
    JsonNode statusNode = node.get("status");
    if (JsonFields.present(statusNode)) {
      status = fields.alertStatus(statusNode, FieldProblems.child(path, "status"));
    }
    Optional<Severity> severity = Optional.empty();
    String severityText = fields.optionalText(node, "severity", FieldProblems.child(path, "severity"));
    if (severityText != null) {
      severity = SeverityAliases.defaults().parse(severityText);
      if (severity.isEmpty()) {
        fields.add(FieldProblems.child(path, "severity"), FieldProblems.quote(severityText)
            + " is not P0..P3 or a severity alias (critical, high, medium, low, error, warning, info, sev-1..sev-4)");
      }
    }
    Instant startsAt = time(node, "startsAt", path, fields);
    Instant endsAt = time(node, "endsAt", path, fields);
    if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
      fields.add(FieldProblems.child(path, "endsAt"), "before startsAt");
    }
    String generatorUrl = fields.optionalText(node, "generatorURL", FieldProblems.child(path, "generatorURL"));
    String dedupKey = fields.optionalText(node, "dedupKey", FieldProblems.child(path, "dedupKey"));
    if (dedupKey != null && !DEDUP_KEY.matcher(dedupKey).matches()) {
      fields.add(FieldProblems.child(path, "dedupKey"), "must be 1 to 128 of the characters A-Z a-z 0-9 . _ : -");
    }
    if (fields.problems().count() > before) {
      return null;
    }

    if (status == null) {
      // As Alertmanager's API decides: an alert whose end has passed is resolved.
      status = endsAt != null && !endsAt.isAfter(receivedAt) ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    }
    if (status == AlertStatus.FIRING) {
      endsAt = null; // Tocsin keeps no planned end: a firing alert fires until it is resolved.
    } else if (endsAt == null) {
      endsAt = startsAt != null && startsAt.isAfter(receivedAt) ? startsAt : receivedAt;
    }
    if (startsAt == null) {
      startsAt = endsAt != null && endsAt.isBefore(receivedAt) ? endsAt : receivedAt;
    }
    Severity sourceSeverity = severity.isPresent() ? severity.get() : SeverityAliases.defaults().fromLabels(labels).orElse(null);
    return Alert.newBuilder()
        .setSource(dev.tocsin.avro.AlertSource.GENERIC)
        .setFingerprint(dedupKey != null ? dedupKey : Fingerprints.of(labels))
        .setGroupKey(null)
        .setStatus(status)
        .setLabels(new HashMap<>(labels))
        .setAnnotations(new HashMap<>(annotations))
        .setStartsAt(millis(startsAt))
        .setEndsAt(endsAt == null ? null : millis(endsAt))
        .setReceivedAt(millis(receivedAt))
        .setGeneratorUrl(generatorUrl == null || generatorUrl.isEmpty() ? null : generatorUrl)
        .setSourceSeverity(sourceSeverity)
        .setRequestId(requestId)
        .build();
  }

  private static Map<String, String> map(JsonNode node, String field, String path, JsonFields fields) {
    JsonNode value = node.get(field);
    return JsonFields.present(value) ? fields.stringMap(value, path, field) : Map.of();
  }

  /** The labels with {@code alertname} set from {@code name}, or null after recording why that fails. */
  private static Map<String, String> withAlertname(Map<String, String> labels, String name, boolean nameGiven,
      String path, String labelsPath, JsonFields fields) {
    String alertnamePath = FieldProblems.child(labelsPath, ALERTNAME);
    String alertname = labels.get(ALERTNAME);
    if (alertname != null && alertname.isBlank()) {
      fields.add(alertnamePath, "must not be empty");
      return null;
    }
    if (name == null || name.isBlank()) {
      if (alertname == null && !nameGiven) {
        fields.add(FieldProblems.child(path, "name"), "is required (or labels.alertname)");
      }
      return alertname == null ? null : labels;
    }
    if (alertname != null) {
      if (!alertname.equals(name)) {
        fields.add(alertnamePath, "differs from name; give one, or both equal");
        return null;
      }
      return labels;
    }
    Map<String, String> named = new LinkedHashMap<>();
    named.put(ALERTNAME, name);
    named.putAll(labels);
    if (named.size() > fields.limits().maxLabels()) {
      fields.add(labelsPath, named.size() + " labels with alertname from name, at most " + fields.limits().maxLabels());
      return null;
    }
    return named;
  }

  /** An optional RFC 3339 time; Go's zero time counts as absent. */
  private static Instant time(JsonNode node, String field, String path, JsonFields fields) {
    JsonNode value = node.get(field);
    if (!JsonFields.present(value)) {
      return null;
    }
    Instant time = fields.rfc3339(value, FieldProblems.child(path, field));
    return GO_ZERO_TIME.equals(time) ? null : time;
  }

  private static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
