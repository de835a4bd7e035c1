package dev.tocsin.ingest.cloudmonitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.domain.AlertSource;
import dev.tocsin.ingest.json.FieldProblems;
import dev.tocsin.ingest.json.JsonBody;
import dev.tocsin.ingest.json.JsonFields;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Google Cloud Monitoring's webhook notification (schema 1.2 or 1.1) as an {@link AlertSource}:
 * each body carries one incident and becomes one alert, mapped as the package documentation
 * describes; immutable and thread-safe.
 */
public final class CloudMonitoringSource implements AlertSource {
  /** The schema versions this source reads; both carry the same (optional) fields where present. */
  static final Set<String> VERSIONS = Set.of("1.2", "1.1");
  /** The {@code alertname} of an incident that names neither its policy nor its condition. */
  static final String FALLBACK_ALERTNAME = "CloudMonitoringIncident";
  /** Longest accepted {@code incident_id} (Google's ids are about 14 characters); it becomes a Kafka key. */
  static final int MAX_INCIDENT_ID_LENGTH = 128;
  /** 9999-12-31T23:59:59Z: the last second every consumer can render. */
  static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private final AlertLimits limits;

  /** A source that enforces {@code limits} on the labels and annotations it derives. */
  public CloudMonitoringSource(AlertLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public AlertBatch parse(byte[] body, Instant receivedAt, String requestId) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    return JsonBody.alerts(body, root -> parse(root, receivedAt, requestId));
  }

  private AlertBatch parse(JsonNode root, Instant receivedAt, String requestId) {
    if (!root.isObject()) {
      return invalid("body: must be a JSON object");
    }

    JsonFields fields = new JsonFields(limits);
    JsonNode versionNode = root.get("version");
    if (!JsonFields.present(versionNode)) {
      fields.add("version", "is required");
    } else {
      String version = fields.text(versionNode, "version");
      if (version != null && !VERSIONS.contains(version)) {
        fields.add("version", "unsupported version " + FieldProblems.quote(version) + ", expected \"1.2\" or \"1.1\"");
      }
    }
    JsonNode incidentNode = root.get("incident");
    Incident incident = null;
    if (!JsonFields.present(incidentNode)) {
      fields.add("incident", "is required");
    } else if (!incidentNode.isObject()) {
      fields.add("incident", "must be an object");
    } else {
      incident = Incident.read(incidentNode, "incident", fields);
    }
    Alert alert = incident == null ? null : toAlert(incident, receivedAt, requestId, fields);
    if (!fields.problems().isEmpty()) {
      return new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD, fields.problems().list());
    }
    return new AlertBatch.Accepted(List.of(alert), List.of());
  }

  private static AlertBatch invalid(String problem) {
    return new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD, List.of(problem));
  }

  /** The alert for a validated incident, or null after recording that its derived labels break the limits. */
  private static Alert toAlert(Incident incident, Instant receivedAt, String requestId, JsonFields fields) {
    Map<String, String> labels = labels(incident, fields);
    Map<String, String> annotations = annotations(incident);
    fields.checkCount(labels.size(), "incident", "labels");
    fields.checkCount(annotations.size(), "incident", "annotations");
    if (!fields.problems().isEmpty()) {
      return null;
    }
    boolean closed = incident.status() == AlertStatus.RESOLVED;
    // A closed incident without ended_at still has to end somewhere: when Tocsin heard of it, or
    // when it started if the sender's clock is ahead of ours.
    Instant endsAt = null;
    if (closed) {
      endsAt = incident.endedAt() != null ? incident.endedAt() : max(receivedAt, incident.startedAt());
    }
    return Alert.newBuilder()
        .setSource(dev.tocsin.avro.AlertSource.CLOUD_MONITORING)
        .setFingerprint(incident.id())
        .setGroupKey(null)
        .setStatus(incident.status())
        .setLabels(new HashMap<>(labels))
        .setAnnotations(new HashMap<>(annotations))
        .setStartsAt(millis(incident.startedAt()))
        .setEndsAt(endsAt == null ? null : millis(endsAt))
        .setReceivedAt(millis(receivedAt))
        .setGeneratorUrl(incident.url())
        .setSourceSeverity(severity(incident))
        .setRequestId(requestId)
        .build();
  }

  /**
   * Cloud Monitoring's own severity ({@code Critical}, {@code Error}, {@code Warning}; P0, P1, P2)
   * wins; {@code No Severity} or an absent one falls back to the policy's {@code severity} (or
   * {@code priority}) user label, read through the same aliases.
   */
  static Severity severity(Incident incident) {
    return SeverityAliases.defaults().parse(incident.severity())
        .or(() -> SeverityAliases.defaults().fromLabels(incident.policyUserLabels()))
        .orElse(null);
  }

  /** The labels of an incident; see the package documentation for the mapping and its precedence. */
  static Map<String, String> labels(Incident incident, JsonFields fields) {
    Labels labels = new Labels(fields);
    labels.put("alertname", firstNonBlank(incident.policyName(), incident.conditionName(), FALLBACK_ALERTNAME),
        "incident.policy_name");
    labels.put("project_id", firstNonBlank(incident.scopingProjectId(), incident.resourceLabels().get("project_id")),
        "incident.scoping_project_id");
    labels.put("condition_name", incident.conditionName(), "incident.condition_name");
    labels.put("resource_type", incident.resourceType(), "incident.resource.type");
    labels.put("metric_type", incident.metricType(), "incident.metric.type");
    incident.resourceLabels().forEach((name, value) -> labels.put("resource_" + name, value, "incident.resource.labels"));
    incident.metricLabels().forEach((name, value) -> labels.put("metric_" + name, value, "incident.metric.labels"));
    incident.policyUserLabels().forEach((name, value) -> {
      if (!labels.put(name, value, "incident.policy_user_labels")) {
        labels.put("policy_" + name, value, "incident.policy_user_labels");
      }
    });
    if (!labels.has("severity") && SeverityAliases.defaults().parse(incident.severity()).isPresent()) {
      labels.put("severity", incident.severity().trim().toLowerCase(Locale.ROOT), "incident.severity");
    }
    return labels.map();
  }

  /** The annotations of an incident; see the package documentation for the mapping. */
  static Map<String, String> annotations(Incident incident) {
    Map<String, String> annotations = new LinkedHashMap<>();
    String subject = blankToNull(incident.subject());
    String summary = blankToNull(incident.summary());
    putIfText(annotations, "summary", subject != null ? subject : summary);
    putIfText(annotations, "description", incident.content());
    if (subject != null) {
      // The generated summary carries the observed value, which a static subject does not.
      putIfText(annotations, "incident_summary", summary);
    }
    putIfText(annotations, "links", incident.links());
    putIfText(annotations, "observed_value", incident.observedValue());
    putIfText(annotations, "threshold_value", incident.thresholdValue());
    putIfText(annotations, "resource_id", incident.resourceId());
    putIfText(annotations, "resource_name", incident.resourceName());
    putIfText(annotations, "resource_display_name", incident.resourceDisplayName());
    putIfText(annotations, "resource_type_display_name", incident.resourceTypeDisplayName());
    putIfText(annotations, "metric_display_name", incident.metricDisplayName());
    putIfText(annotations, "apigee_url", incident.apigeeUrl());
    return annotations;
  }

  private static void putIfText(Map<String, String> map, String name, String value) {
    if (value != null && !value.isBlank()) {
      map.put(name, value);
    }
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Derived labels in order of precedence: the first label of a name stays. */
  private static final class Labels {
    private final Map<String, String> map = new LinkedHashMap<>();
    private final JsonFields fields;

    Labels(JsonFields fields) {
      this.fields = fields;
    }

    /** Adds a label unless its name is taken or its value empty; false only when the name is taken. */
    boolean put(String name, String value, String sourcePath) {
      if (map.containsKey(name)) {
        return false;
      }
      if (value != null && !value.isEmpty() && fields.checkName(name, sourcePath)) {
        map.put(name, value);
      }
      return true;
    }

    boolean has(String name) {
      return map.containsKey(name);
    }

    Map<String, String> map() {
      return map;
    }
  }
}
