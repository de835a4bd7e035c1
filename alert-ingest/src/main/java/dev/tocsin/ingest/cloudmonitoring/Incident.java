package dev.tocsin.ingest.cloudmonitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.json.FieldProblems;
import dev.tocsin.ingest.json.JsonFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The fields Tocsin reads from a Cloud Monitoring {@code incident} object, validated; every one but
 * {@code id}, {@code status} and {@code startedAt} may be null (strings) or empty (maps).
 *
 * @param links {@code documentation.links} as lines of {@code displayName: url}, or null
 */
record Incident(String id, AlertStatus status, Instant startedAt, Instant endedAt, String url, String summary,
    String severity, String scopingProjectId, String policyName, String conditionName, Map<String, String> policyUserLabels,
    String resourceType, Map<String, String> resourceLabels, String resourceId, String resourceName,
    String resourceDisplayName, String resourceTypeDisplayName, String metricType, String metricDisplayName,
    Map<String, String> metricLabels, String observedValue, String thresholdValue, String apigeeUrl,
    String subject, String content, String links) {

  Incident {
    policyUserLabels = copy(policyUserLabels);
    resourceLabels = copy(resourceLabels);
    metricLabels = copy(metricLabels);
  }

  /** Reads the incident object {@code node}, or returns null after recording every problem. */
  static Incident read(JsonNode node, String path, JsonFields fields) {
    int before = fields.problems().count();
    Reader in = new Reader(node, path, fields);

    String id = in.requiredText("incident_id");
    if (id != null && id.isBlank()) {
      fields.add(path + ".incident_id", "must not be empty");
    } else if (id != null && JsonFields.length(id) > CloudMonitoringSource.MAX_INCIDENT_ID_LENGTH) {
      fields.add(path + ".incident_id", "longer than " + CloudMonitoringSource.MAX_INCIDENT_ID_LENGTH + " characters");
    }
    String state = in.requiredText("state");
    AlertStatus status = null;
    if (state != null) {
      status = switch (state.toLowerCase(Locale.ROOT)) {
        case "open" -> AlertStatus.FIRING;
        case "closed" -> AlertStatus.RESOLVED;
        default -> {
          fields.add(path + ".state", "must be \"open\" or \"closed\"");
          yield null;
        }
      };
    }
    Instant startedAt = null;
    if (in.has("started_at")) {
      startedAt = in.epochSeconds("started_at");
    } else {
      fields.add(path + ".started_at", "is required");
    }
    Instant endedAt = in.has("ended_at") ? in.epochSeconds("ended_at") : null;
    if (startedAt != null && endedAt != null && endedAt.isBefore(startedAt)) {
      fields.add(path + ".ended_at", "before started_at");
    }

    String url = in.text("url");
    String summary = in.text("summary");
    String severity = in.text("severity");
    String scopingProjectId = in.text("scoping_project_id");
    String policyName = in.text("policy_name");
    String conditionName = in.text("condition_name");
    Map<String, String> policyUserLabels = in.map("policy_user_labels", "labels");
    String resourceId = in.text("resource_id");
    String resourceName = in.text("resource_name");
    String resourceDisplayName = in.text("resource_display_name");
    String resourceTypeDisplayName = in.text("resource_type_display_name");
    String observedValue = in.scalarText("observed_value");
    String thresholdValue = in.scalarText("threshold_value");
    String apigeeUrl = in.text("apigee_url");

    Reader resource = in.object("resource");
    String resourceType = resource == null ? null : resource.text("type");
    Map<String, String> resourceLabels = resource == null ? Map.of() : resource.map("labels", "labels");

    Reader metric = in.object("metric");
    String metricType = metric == null ? null : metric.text("type");
    String metricDisplayName = metric == null ? null : metric.text("displayName");
    Map<String, String> metricLabels = metric == null ? Map.of() : metric.map("labels", "labels");

    Reader documentation = in.object("documentation");
    String subject = documentation == null ? null : documentation.text("subject");
    String content = documentation == null ? null : documentation.text("content");
    String links = documentation == null ? null : documentation.links("links");

    // Not kept, but a body that gets them wrong is not Google's, so the rest is not trusted either.
    in.integer("scoping_project_number");
    if (documentation != null) {
      documentation.text("mime_type");
    }
    Reader metadata = in.object("metadata");
    if (metadata != null) {
      metadata.object("system_labels"); // a protobuf Struct: any JSON values
      metadata.stringMapShape("user_labels");
    }
    Reader condition = in.object("condition");
    if (condition != null) {
      condition.text("name");
      condition.text("displayName");
    }

    if (fields.problems().count() > before) {
      return null;
    }
    return new Incident(id, status, startedAt, endedAt, emptyToNull(url), summary, severity, scopingProjectId,
        policyName, conditionName, policyUserLabels, resourceType, resourceLabels, resourceId, resourceName,
        resourceDisplayName, resourceTypeDisplayName, metricType, metricDisplayName, metricLabels, observedValue,
        thresholdValue, apigeeUrl, subject, content, links);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Reads the members of one JSON object, each problem recorded with its path. */
  private static final class Reader {
    private final JsonNode node;
    private final String path;
    private final JsonFields fields;

    Reader(JsonNode node, String path, JsonFields fields) {
      this.node = node;
      this.path = path;
      this.fields = fields;
    }

    boolean has(String name) {
      return JsonFields.present(node.get(name));
    }

    String requiredText(String name) {
      if (!has(name)) {
        fields.add(FieldProblems.child(path, name), "is required");
        return null;
      }
      return text(name);
    }

    String text(String name) {
      return fields.optionalText(node, name, FieldProblems.child(path, name));
    }

    /** A string, or a number as written (values Google documents as strings but that are numbers by nature). */
    String scalarText(String name) {
      JsonNode value = node.get(name);
      if (JsonFields.present(value) && value.isNumber()) {
        return value.asText();
      }
      return text(name);
    }

    Map<String, String> map(String name, String noun) {
      JsonNode value = node.get(name);
      if (!JsonFields.present(value)) {
        return Map.of();
      }
      return fields.stringMap(value, FieldProblems.child(path, name), noun);
    }

    /** Checks that a member Tocsin does not keep is an integer. */
    void integer(String name) {
      JsonNode value = node.get(name);
      if (JsonFields.present(value) && !value.isIntegralNumber()) {
        fields.add(FieldProblems.child(path, name), "must be an integer");
      }
    }

    /** Checks that a member Tocsin does not keep is an object of strings. */
    void stringMapShape(String name) {
      JsonNode value = node.get(name);
      if (JsonFields.present(value)) {
        fields.checkStringMapShape(value, FieldProblems.child(path, name));
      }
    }

    Reader object(String name) {
      JsonNode value = node.get(name);
      if (!JsonFields.present(value)) {
        return null;
      }
      String childPath = FieldProblems.child(path, name);
      if (!value.isObject()) {
        fields.add(childPath, "must be an object");
        return null;
      }
      return new Reader(value, childPath, fields);
    }

    Instant epochSeconds(String name) {
      JsonNode value = node.get(name);
      if (value.isNumber() && !(value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()))) {
        BigDecimal seconds = value.decimalValue();
        if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(CloudMonitoringSource.MAX_EPOCH_SECOND)) <= 0) {
          long whole = seconds.longValue();
          long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
          return Instant.ofEpochSecond(whole, nanos);
        }
      }
      fields.add(FieldProblems.child(path, name), "must be a number of Unix epoch seconds from 0 to "
          + CloudMonitoringSource.MAX_EPOCH_SECOND);
      return null;
    }

    String links(String name) {
      JsonNode value = node.get(name);
      if (!JsonFields.present(value)) {
        return null;
      }
      String linksPath = FieldProblems.child(path, name);
      if (!value.isArray()) {
        fields.add(linksPath, "must be an array");
        return null;
      }
      StringJoiner lines = new StringJoiner("\n");
      for (int i = 0; i < value.size(); i++) {
        JsonNode link = value.get(i);
        String linkPath = FieldProblems.index(linksPath, i);
        if (!link.isObject()) {
          fields.add(linkPath, "must be an object");
          continue;
        }
        Reader reader = new Reader(link, linkPath, fields);
        String displayName = reader.text("displayName");
        String url = reader.text("url");
        if (url != null && !url.isBlank()) {
          lines.add(displayName == null || displayName.isBlank() ? url : displayName + ": " + url);
        }
      }
      String joined = lines.toString();
      if (joined.isEmpty() || !fields.checkValue(joined, linksPath)) {
        return null;
      }
      return joined;
    }
  }
}
