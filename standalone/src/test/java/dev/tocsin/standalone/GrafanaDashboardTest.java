package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.metrics.IncidentMetrics;
import dev.tocsin.ingest.metrics.IngestMetrics;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/grafana/tocsin-overview.json charts only series the services really export: every metric name
 * in every panel's PromQL must appear in a real scrape of the services' metrics classes (alert-ingest,
 * incident-streams with Kafka Streams' binder on a real, never started {@link KafkaStreams}, notifier),
 * each fed one sample through every recording method.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("..", "ops", "grafana", "tocsin-overview.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Topic the dashboard must cover → the panel title covering it → a metric that panel must query. */
  private static final Map<String, String[]> TOPICS = new LinkedHashMap<>();

  static {
    TOPICS.put("incident volume", new String[] {"Incidents opened by severity", "tocsin_incidents_opened_total"});
    TOPICS.put("MTTA", new String[] {"MTTA by severity", "tocsin_incident_ack_seconds_bucket"});
    TOPICS.put("MTTR", new String[] {"MTTR by severity", "tocsin_incident_resolution_seconds_bucket"});
    TOPICS.put("MTTD", new String[] {"MTTD by severity", "tocsin_incident_detection_seconds_bucket"});
    TOPICS.put("false positives", new String[] {"False positives by severity", "tocsin_incidents_false_positive_total"});
    TOPICS.put("notifications", new String[] {"Notifications by outcome", "tocsin_notifications_total"});
    TOPICS.put("dead letters", new String[] {"Dead letters by reason", "tocsin_notification_dead_letters_total"});
    TOPICS.put("lane depth", new String[] {"Notifier lane depth", "tocsin_notification_lane_depth"});
    TOPICS.put("retries", new String[] {"Delivery retries by integration", "tocsin_notification_retries_total"});
    TOPICS.put("ingest rate", new String[] {"Alerts received by source", "tocsin_alerts_received_total"});
    TOPICS.put("ingest rejections", new String[] {"Alerts rejected by reason", "tocsin_alerts_rejected_total"});
    TOPICS.put("ingest latency", new String[] {"Ingest request latency", "tocsin_ingest_request_seconds_bucket"});
    TOPICS.put("producer errors", new String[] {"Producer errors", "tocsin_ingest_producer_errors_total"});
    TOPICS.put("command rejections", new String[] {"Command rejections", "tocsin_commands_rejected_total"});
    TOPICS.put("engine lag", new String[] {"Engine consumer lag", "kafka_consumer_fetch_manager_records_lag_max"});
  }

  private static Set<String> exported;

  @BeforeAll
  static void scrapeTheServices(@TempDir Path stateDir) throws Exception {
    Set<String> names = new TreeSet<>();

    try (IngestMetrics ingest = new IngestMetrics()) {
      ingest.alertsReceived("alertmanager", 2);
      ingest.alertsRejected("alertmanager", "INVALID_PAYLOAD");
      ingest.alertsTruncated(3);
      ingest.commandReceived("slack", "ACK");
      ingest.commandRejected("pagerduty", "malformed");
      ingest.producerError("alerts");
      ingest.request("alertmanager", 202, Duration.ofMillis(12));
      names.addAll(sampleNames(ingest.scrape()));
    }

    try (NotifierMetrics notifier = new NotifierMetrics()) {
      notifier.notification("slack", "DELIVERED");
      notifier.deliveryLatency("slack", Duration.ofSeconds(2));
      notifier.retries("slack", 2);
      notifier.deadLetter("webhook", NotifierMetrics.RETRIES_EXHAUSTED);
      notifier.laneDepth("sre/slack_configs[0]", () -> 4);
      names.addAll(sampleNames(notifier.scrape()));
    }

    // Kafka Streams' figures exist once the client does: a real instance (never started, no broker
    // needed) over a one-edge topology has the same embedded consumers, producer and admin client.
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).to("out", Produced.with(Serdes.String(),
        Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tocsin-incidents-dashboard-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put("processing.exception.handler.global.enabled", true);
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    try (IncidentMetrics incidents = new IncidentMetrics()) {
      incidents.bind(streams);
      for (Severity severity : Severity.values()) {
        incidents.opened(severity);
        incidents.detected(severity, Duration.ofSeconds(30));
        incidents.falsePositive(severity);
        incidents.acknowledged(severity, Duration.ofMinutes(3));
        incidents.resolved(severity, Duration.ofMinutes(40));
        incidents.escalated(severity);
      }
      for (IncidentEventType type : IncidentEventType.values()) {
        incidents.notificationsRequested(type, 2);
        incidents.suppressed(type);
      }
      incidents.commandRejected();
      names.addAll(sampleNames(incidents.scrape()));
    } finally {
      streams.close(Duration.ofSeconds(10));
    }
    exported = names;
  }

  private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)", Pattern.MULTILINE);

  /** Every series name in a Prometheus text exposition (sample lines, not comments). */
  static Set<String> sampleNames(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = SAMPLE_NAME.matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static JsonNode dashboard() throws Exception {
    return JSON.readTree(DASHBOARD.toFile());
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    JsonNode dashboard = dashboard();
    Map<String, Set<String>> used = metricsByPanel(dashboard);
    assertThat(used).as("panels with queries").isNotEmpty();
    Set<String> all = new TreeSet<>();
    used.values().forEach(all::addAll);
    assertThat(all).as("metric names the dashboard queries").isNotEmpty();

    assertThat(unexported(dashboard, exported))
        .as("metric names queried but not exported (exported: %s)", exported).isEmpty();
    assertThat(unknownFunctions(dashboard)).as("PromQL function names").isEmpty();
  }

  @Test
  void theCheckCatchesABogusMetric() throws Exception {
    ObjectNode tampered = (ObjectNode) dashboard().deepCopy();
    JsonNode firstPanelWithTargets = panels(tampered).stream().filter(p -> p.has("targets")).findFirst().orElseThrow();
    ((ArrayNode) firstPanelWithTargets.get("targets")).addObject().put("refId", "Z")
        .put("expr", "sum by (severity) (rate(tocsin_incidents_bogus_total{severity=\"critical\"}[$__rate_interval]))");
    // And one nested in a collapsed row, to prove rows are walked.
    ObjectNode row = ((ArrayNode) tampered.get("panels")).addObject();
    row.put("type", "row").put("title", "tampered").put("collapsed", true);
    ObjectNode nested = row.putArray("panels").addObject();
    nested.put("type", "timeseries").put("title", "nested");
    nested.putArray("targets").addObject().put("refId", "A").put("expr", "tocsin_nested_bogus_seconds_bucket");
    nested.withArray("targets").addObject().put("refId", "B").put("expr", "rte(tocsin_incidents_opened_total[5m])");

    assertThat(unexported(tampered, exported))
        .containsExactlyInAnyOrder("tocsin_incidents_bogus_total", "tocsin_nested_bogus_seconds_bucket");
    assertThat(unknownFunctions(tampered)).containsExactly("rte");
    assertThat(unexported(dashboard(), exported)).isEmpty();
  }

  @Test
  void extractsMetricNamesNotFunctionsLabelsOrVariables() {
    assertThat(metricNames("histogram_quantile(0.95, sum by (le, severity) "
        + "(rate(tocsin_incident_ack_seconds_bucket{severity=~\"$severity\", job!=\"x\"}[$__rate_interval])))"))
        .containsExactly("tocsin_incident_ack_seconds_bucket");
    assertThat(metricNames("sum without (instance) (rate(a_total[5m] offset 1h)) / on (severity) group_left(job) "
        + "sum(rate(b:c_total[${window}])) > bool 1e3 and ignoring(x) c"))
        .containsExactlyInAnyOrder("a_total", "b:c_total", "c");
    assertThat(metricNames("label_replace(max_over_time(d[1h:5m]), \"dst\", \"$1 by (x)\", \"src\", \"(.*)\")"))
        .containsExactly("d");
    assertThat(metricNames("topk(10, max by (lane) (e)) or vector(0)")).containsExactly("e");
    assertThat(functionNames("clamp_min(sum(rate(x[1m])), 1)")).containsExactlyInAnyOrder("clamp_min", "sum",
        "rate");
  }

  @Test
  void theDashboardIsAPortableGrafanaDashboard() throws Exception {
    JsonNode dashboard = dashboard();
    assertThat(dashboard.path("uid").asText()).isEqualTo("tocsin-overview");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);

    List<JsonNode> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(variables::add);
    assertThat(variables).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("datasource");
      assertThat(v.path("type").asText()).isEqualTo("datasource");
      assertThat(v.path("query").asText()).isEqualTo("prometheus");
    });

    // No Prometheus datasource uid but the variable, anywhere (panels, targets, annotations, variables).
    List<String> uids = new ArrayList<>();
    datasourceUids(dashboard, uids);
    assertThat(uids).isNotEmpty().allSatisfy(uid -> assertThat(uid).isEqualTo("${datasource}"));
    assertThat(dashboard.has("__inputs")).as("an export with hard-wired inputs").isFalse();

    List<JsonNode> panels = panels(dashboard);
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : panels) {
      assertThat(ids.add(panel.path("id").asInt(-1))).as("panel id %s unique", panel.path("id")).isTrue();
      assertThat(panel.has("gridPos")).as("%s has a gridPos", panel.path("title")).isTrue();
    }

    Map<String, Set<String>> byTitle = metricsByPanel(dashboard);
    TOPICS.forEach((topic, panel) -> {
      assertThat(byTitle).as("a panel for %s titled \"%s\"", topic, panel[0]).containsKey(panel[0]);
      assertThat(byTitle.get(panel[0])).as("panel \"%s\" queries %s", panel[0], panel[1]).contains(panel[1]);
    });
  }

  // ---- the checker ----

  /** Metric names queried by {@code dashboard} that are not in {@code exported}. */
  static Set<String> unexported(JsonNode dashboard, Set<String> exported) {
    Set<String> missing = new TreeSet<>();
    metricsByPanel(dashboard).values().forEach(missing::addAll);
    missing.removeAll(exported);
    return missing;
  }

  static Set<String> unknownFunctions(JsonNode dashboard) {
    Set<String> unknown = new TreeSet<>();
    for (String expr : expressions(dashboard)) {
      unknown.addAll(functionNames(expr));
    }
    unknown.removeAll(FUNCTIONS);
    return unknown;
  }

  /** Panel title → metric names in its targets' {@code expr}; rows' nested panels included. */
  static Map<String, Set<String>> metricsByPanel(JsonNode dashboard) {
    Map<String, Set<String>> byPanel = new LinkedHashMap<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          byPanel.computeIfAbsent(panel.path("title").asText(), t -> new TreeSet<>())
              .addAll(metricNames(target.get("expr").asText()));
        }
      }
    }
    return byPanel;
  }

  static List<String> expressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          exprs.add(target.get("expr").asText());
        }
      }
    }
    return exprs;
  }

  /** Every panel, depth first: top-level ones and those nested in (collapsed) rows. */
  static List<JsonNode> panels(JsonNode node) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : node.path("panels")) {
      all.add(panel);
      all.addAll(panels(panel));
    }
    return all;
  }

  private static void datasourceUids(JsonNode node, List<String> uids) {
    if (node.isObject()) {
      JsonNode ds = node.get("datasource");
      // Grafana's built-in annotation source ("-- Grafana --") is no Prometheus server: it may stay.
      if (ds != null && !"grafana".equals(ds.path("type").asText())) {
        uids.add(ds.isObject() ? ds.path("uid").asText() : ds.asText());
      }
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        datasourceUids(child, uids);
      }
    }
  }

  // ---- PromQL ----

  /** PromQL's functions and aggregation operators (Prometheus 2.x/3.x). */
  static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh",
      "atan", "atanh", "avg", "avg_over_time", "bottomk", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
      "cos", "cosh", "count", "count_over_time", "count_values", "day_of_month", "day_of_week", "day_of_year",
      "days_in_month", "deg", "delta", "deriv", "exp", "floor", "group", "histogram_avg", "histogram_count",
      "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum",
      "holt_winters", "double_exponential_smoothing", "hour", "idelta", "increase", "irate", "label_join",
      "label_replace", "last_over_time", "ln", "log10", "log2", "mad_over_time", "max", "max_over_time", "min",
      "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time", "quantile",
      "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_by_label",
      "sort_by_label_desc", "sort_desc", "sqrt", "stddev", "stddev_over_time", "stdvar", "stdvar_over_time", "sum",
      "sum_over_time", "tan", "tanh", "time", "timestamp", "topk", "limitk", "limit_ratio", "vector", "year",
      "start", "end");
  /** Words that are PromQL syntax, not series, where no parenthesis follows them. */
  static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan", "Inf", "NaN");

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern COMMENTS = Pattern.compile("#[^\\n]*");
  /** Grafana variables: $__rate_interval, $window, ${datasource}, ${var:format}, [[var]]. */
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[[^]]*]]");
  /** Label matchers (PromQL has no nested braces). */
  private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
  /** Ranges and subqueries: [5m], [1h:1m]. */
  private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");
  /** Label lists of aggregations and vector matching: by (le, severity), on(x), group_left(y). */
  private static final Pattern LABEL_LISTS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
  /** Numbers and durations are consumed whole so that 1e3 or 5m never yields an identifier. */
  private static final Pattern TOKENS = Pattern.compile(
      "(?<num>0[xX][0-9a-fA-F]+|(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?(?:(?:ms|[smhdwy])(?:\\d+(?:ms|[smhdwy]))*)?)"
          + "|(?<id>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\\s*\\()?");

  /** What remains of {@code expr} once strings, comments, variables, matchers, ranges and label lists are gone. */
  private static String skeleton(String expr) {
    String s = STRINGS.matcher(expr).replaceAll(" ");
    s = COMMENTS.matcher(s).replaceAll(" ");
    s = VARIABLES.matcher(s).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGES.matcher(s).replaceAll(" ");
    return LABEL_LISTS.matcher(s).replaceAll(" ");
  }

  /** The metric (series) names {@code expr} selects: identifiers not in call position and not syntax. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = TOKENS.matcher(skeleton(expr));
    while (m.find()) {
      String id = m.group("id");
      if (id != null && m.group("call") == null && !KEYWORDS.contains(id)) {
        names.add(id);
      }
    }
    return names;
  }

  /** The identifiers {@code expr} calls as functions or aggregations. */
  static Set<String> functionNames(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = TOKENS.matcher(skeleton(expr));
    while (m.find()) {
      if (m.group("id") != null && m.group("call") != null && !KEYWORDS.contains(m.group("id"))) {
        names.add(m.group("id"));
      }
    }
    return names;
  }
}
