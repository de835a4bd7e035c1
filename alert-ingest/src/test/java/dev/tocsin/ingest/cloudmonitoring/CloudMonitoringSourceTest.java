package dev.tocsin.ingest.cloudmonitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudMonitoringSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-01-09T10:15:31.123456Z");

  private final CloudMonitoringSource source = new CloudMonitoringSource(AlertLimits.DEFAULT);

  @Test
  void turnsAnOpenIncidentIntoAFiringAlertIdentifiedByItsIncidentId() {
    Alert alert = accepted(fixture("open-1.2.json"));

    assertThat(alert.getSource()).isEqualTo(AlertSource.CLOUD_MONITORING);
    assertThat(alert.getFingerprint()).isEqualTo("0.mtdi83m6w8ao");
    assertThat(alert.getGroupKey()).isNull();
    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getStartsAt()).isEqualTo(Instant.ofEpochSecond(1767953730));
    assertThat(alert.getEndsAt()).isNull();
    assertThat(alert.getReceivedAt()).isEqualTo(Instant.parse("2026-01-09T10:15:31.123Z"));
    assertThat(alert.getGeneratorUrl()).isEqualTo("https://console.cloud.google.com/monitoring/alerting/alerts/"
        + "0.mtdi83m6w8ao?channelType=webhook&project=shop-prod");
    assertThat(alert.getSourceSeverity()).isEqualTo(Severity.P0);
    assertThat(alert.getReceiver()).isNull();
    assertThat(alert.getRequestId()).isEqualTo("req-1");
  }

  @Test
  void mapsResourceMetricAndPolicyDataToLabels() {
    Alert alert = accepted(fixture("open-1.2.json"));

    assertThat(alert.getLabels()).containsOnly(
        entry("alertname", "Checkout CPU high"),
        entry("project_id", "shop-prod"),
        entry("condition_name", "VM Instance - CPU utilization"),
        entry("resource_type", "gce_instance"),
        entry("metric_type", "compute.googleapis.com/instance/cpu/utilization"),
        entry("resource_instance_id", "5842361180928465219"),
        entry("resource_project_id", "shop-prod"),
        entry("resource_zone", "europe-west1-b"),
        entry("metric_instance_name", "checkout-vm-1"),
        entry("team", "payments"),
        entry("service", "checkout"),
        entry("severity", "critical"));
  }

  @Test
  void mapsDocumentationAndDescriptionsToAnnotations() {
    Alert alert = accepted(fixture("open-1.2.json"));

    assertThat(alert.getAnnotations()).containsOnly(
        entry("summary", "[ALERT - Critical] Checkout CPU high"),
        entry("description", "CPU above 80% on a checkout VM. Runbook: scale the instance group."),
        entry("incident_summary", "CPU utilization for shop-prod checkout-vm-1 is above the threshold of 0.800 "
            + "with a value of 0.934."),
        entry("links", "Playbook: https://runbooks.example.com/checkout-cpu"),
        entry("observed_value", "0.934"),
        entry("threshold_value", "0.8"),
        entry("resource_name", "shop-prod checkout-vm-1"),
        entry("resource_display_name", "checkout-vm-1"),
        entry("resource_type_display_name", "VM Instance"),
        entry("metric_display_name", "CPU utilization"));
  }

  @Test
  void turnsAClosedIncidentIntoAResolvedAlertOfTheSameIdentity() {
    Alert alert = accepted(fixture("closed-1.2.json"));

    assertThat(alert.getFingerprint()).isEqualTo("0.opqiw61fsv7p");
    assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alert.getStartsAt()).isEqualTo(Instant.ofEpochSecond(1577840461));
    assertThat(alert.getEndsAt()).isEqualTo(Instant.ofEpochSecond(1577877071));
    assertThat(alert.getLabels()).containsEntry("alertname", "Monitor-Project-Cluster").containsEntry("team", "infra")
        .containsEntry("project_id", "internal-project");
    assertThat(alert.getAnnotations()).containsEntry("incident_summary", "CPU utilization for internal-project "
        + "gke-node-1 with metric labels {instance_name=gke-node-1} returned to normal with a value of 0.835.");
  }

  @Test
  void readsTheSmallerSchema11Incident() {
    Alert open = accepted(fixture("open-1.1.json"));
    Alert closed = accepted(fixture("closed-1.1.json"));

    assertThat(open.getFingerprint()).isEqualTo("f2e08c333dc64cb09f75eaab355393bz").isEqualTo(closed.getFingerprint());
    assertThat(open.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(closed.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(closed.getEndsAt()).isEqualTo(Instant.ofEpochSecond(1385087727));
    assertThat(open.getLabels()).containsOnly(entry("alertname", "Webserver Health"), entry("condition_name", "CPU usage"));
    assertThat(open.getAnnotations()).containsOnly(
        entry("summary", "CPU (agent) for webserver-85 is above the threshold of 1% with a value of 28.5%"),
        entry("resource_id", "i-4a266a2d"),
        entry("resource_name", "webserver-85"));
    assertThat(open.getSourceSeverity()).isNull();
    assertThat(open.getGeneratorUrl()).startsWith("https://console.cloud.google.com/monitoring/alerting/incidents/");
  }

  @Test
  void declaresNoSeverityForAPolicyWithout() {
    Alert alert = accepted(fixture("open-1.2-no-severity.json"));

    assertThat(alert.getSourceSeverity()).isNull();
    assertThat(alert.getLabels()).doesNotContainKey("severity")
        .containsEntry("metric_response_code_class", "500")
        .containsEntry("resource_url_map_name", "search-lb");
    assertThat(alert.getAnnotations()).doesNotContainKeys("description", "incident_summary")
        .containsEntry("summary", "Request count for shop-prod search-lb with metric labels {response_code_class=500} "
            + "is above the threshold of 10.000 with a value of 42.500.");
  }

  @Test
  void takesTheSeverityFromThePolicyUserLabelWhenTheIncidentHasNone() {
    Alert alert = accepted(fixture("open-1.2-user-label-severity.json"));

    assertThat(alert.getSourceSeverity()).isEqualTo(Severity.P1);
    assertThat(alert.getLabels()).containsEntry("severity", "sev-2").containsEntry("team", "data");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "Critical, P0", "Error, P1", "Warning, P2", "CRITICAL, P0", "critical, P0", "No Severity, none", "Unknown, none"})
  void mapsCloudMonitoringSeveritiesThroughTheAliases(String severity, Severity expected) {
    ObjectNode root = fixture("open-1.2.json");
    incident(root).put("severity", severity);

    assertThat(accepted(root).getSourceSeverity()).isEqualTo(expected);
  }

  @Test
  void prefersTheIncidentSeverityToThePolicyUserLabel() {
    ObjectNode root = fixture("open-1.2-user-label-severity.json");
    incident(root).put("severity", "Warning");

    Alert alert = accepted(root);
    assertThat(alert.getSourceSeverity()).isEqualTo(Severity.P2);
    assertThat(alert.getLabels()).containsEntry("severity", "sev-2");
  }

  @Test
  void keepsAPolicyUserLabelThatWouldReplaceADerivedLabelUnderAPolicyPrefix() {
    ObjectNode root = fixture("open-1.2.json");
    ((ObjectNode) incident(root).get("policy_user_labels")).put("alertname", "mine").put("resource_zone", "z");

    assertThat(accepted(root).getLabels()).containsEntry("alertname", "Checkout CPU high")
        .containsEntry("policy_alertname", "mine").containsEntry("resource_zone", "europe-west1-b")
        .containsEntry("policy_resource_zone", "z");
  }

  @Test
  void namesTheAlertAfterTheConditionWhenThePolicyHasNoName() {
    ObjectNode root = fixture("open-1.1.json");
    incident(root).remove("policy_name");

    assertThat(accepted(root).getLabels()).containsEntry("alertname", "CPU usage");
  }

  @Test
  void alwaysNamesTheAlert() {
    ObjectNode root = fixture("open-1.1.json");
    incident(root).remove("policy_name");
    incident(root).put("condition_name", " ");

    assertThat(accepted(root).getLabels()).containsEntry("alertname", "CloudMonitoringIncident");
  }

  @Test
  void takesTheProjectFromTheResourceWhenNoScopingProjectIsGiven() {
    ObjectNode root = fixture("open-1.2.json");
    incident(root).remove("scoping_project_id");

    assertThat(accepted(root).getLabels()).containsEntry("project_id", "shop-prod");
  }

  @Test
  void endsAClosedIncidentWithoutEndedAtWhenItWasReceived() {
    ObjectNode root = fixture("closed-1.2.json");
    incident(root).putNull("ended_at");

    assertThat(accepted(root).getEndsAt()).isEqualTo(Instant.parse("2026-01-09T10:15:31.123Z"));
  }

  @Test
  void ignoresAnEndedAtOfAnOpenIncident() {
    ObjectNode root = fixture("open-1.2.json");
    incident(root).put("ended_at", 1767953999);

    assertThat(accepted(root).getEndsAt()).isNull();
  }

  @Test
  void comparesTheStateCaseInsensitively() {
    ObjectNode root = fixture("closed-1.2.json");
    incident(root).put("state", "CLOSED");

    assertThat(accepted(root).getStatus()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void readsFractionalEpochSecondsToTheMillisecond() {
    ObjectNode root = fixture("open-1.2.json");
    incident(root).put("started_at", 1767953730.123456);

    assertThat(accepted(root).getStartsAt()).isEqualTo(Instant.parse("2026-01-09T10:15:30.123Z"));
  }

  @Test
  void acceptsNumericObservedAndThresholdValues() {
    ObjectNode root = fixture("open-1.2.json");
    incident(root).put("observed_value", 0.934).put("threshold_value", 1);

    assertThat(accepted(root).getAnnotations()).containsEntry("observed_value", "0.934")
        .containsEntry("threshold_value", "1");
  }

  @Test
  void ignoresUnknownFields() {
    ObjectNode root = fixture("open-1.2.json");
    root.put("sent_by", "tomorrow's Google");
    incident(root).putObject("something_new").put("a", 1);
    ((ObjectNode) incident(root).get("resource")).put("extra", true);

    assertThat(accepted(root).getFingerprint()).isEqualTo("0.mtdi83m6w8ao");
  }

  static Stream<Arguments> invalidPayloads() {
    return Stream.of(
        invalid("incident missing", root -> root.remove("incident"), "incident: is required"),
        invalid("incident not an object", root -> root.put("incident", "0.x"), "incident: must be an object"),
        invalid("version missing", root -> root.remove("version"), "version: is required"),
        invalid("version unknown", root -> root.put("version", "2.0"),
            "version: unsupported version \"2.0\", expected \"1.2\" or \"1.1\""),
        invalid("version a number", root -> root.put("version", 1.2), "version: must be a string"),
        invalid("incident_id missing", root -> incident(root).remove("incident_id"), "incident.incident_id: is required"),
        invalid("incident_id null", root -> incident(root).putNull("incident_id"), "incident.incident_id: is required"),
        invalid("incident_id a number", root -> incident(root).put("incident_id", 7),
            "incident.incident_id: must be a string"),
        invalid("incident_id blank", root -> incident(root).put("incident_id", " "),
            "incident.incident_id: must not be empty"),
        invalid("incident_id too long", root -> incident(root).put("incident_id", "i".repeat(129)),
            "incident.incident_id: longer than 128 characters"),
        invalid("state missing", root -> incident(root).remove("state"), "incident.state: is required"),
        invalid("state unknown", root -> incident(root).put("state", "acknowledged"),
            "incident.state: must be \"open\" or \"closed\""),
        invalid("state not a string", root -> incident(root).put("state", true), "incident.state: must be a string"),
        invalid("started_at missing", root -> incident(root).remove("started_at"), "incident.started_at: is required"),
        invalid("started_at a string", root -> incident(root).put("started_at", "1767953730"),
            "incident.started_at: must be a number of Unix epoch seconds from 0 to 253402300799"),
        invalid("started_at negative", root -> incident(root).put("started_at", -1),
            "incident.started_at: must be a number of Unix epoch seconds from 0 to 253402300799"),
        invalid("started_at past year 9999", root -> incident(root).put("started_at", 253402300800L),
            "incident.started_at: must be a number of Unix epoch seconds from 0 to 253402300799"),
        invalid("ended_at a string", root -> incident(root).put("ended_at", "never"),
            "incident.ended_at: must be a number of Unix epoch seconds from 0 to 253402300799"),
        invalid("ended_at before started_at", root -> incident(root).put("ended_at", 1767953729),
            "incident.ended_at: before started_at"),
        invalid("url not a string", root -> incident(root).putArray("url"), "incident.url: must be a string"),
        invalid("summary not a string", root -> incident(root).put("summary", 1), "incident.summary: must be a string"),
        invalid("severity not a string", root -> incident(root).put("severity", 1), "incident.severity: must be a string"),
        invalid("policy_name too long", root -> incident(root).put("policy_name", "p".repeat(16385)),
            "incident.policy_name: value longer than 16384 characters"),
        invalid("policy_user_labels not an object", root -> incident(root).putArray("policy_user_labels"),
            "incident.policy_user_labels: must be an object of strings"),
        invalid("policy user label not a string", root -> userLabels(root).put("tier", 1),
            "incident.policy_user_labels.tier: must be a string"),
        invalid("too many policy user labels", root -> {
          for (int i = 0; i < 63; i++) {
            userLabels(root).put("l" + i, "v");
          }
        }, "incident.policy_user_labels: 65 labels, at most 64"),
        invalid("resource not an object", root -> incident(root).put("resource", "vm"),
            "incident.resource: must be an object"),
        invalid("resource type not a string", root -> resource(root).put("type", 1),
            "incident.resource.type: must be a string"),
        invalid("resource labels not an object", root -> resource(root).put("labels", "zone"),
            "incident.resource.labels: must be an object of strings"),
        invalid("resource label not a string", root -> ((ObjectNode) resource(root).get("labels")).put("zone", 1),
            "incident.resource.labels.zone: must be a string"),
        invalid("resource label name too long once prefixed",
            root -> ((ObjectNode) resource(root).get("labels")).put("k".repeat(250), "v"),
            "incident.resource.labels: name \"resource_" + "k".repeat(55) + "…\" longer than 256 characters"),
        invalid("metric not an object", root -> incident(root).putArray("metric"), "incident.metric: must be an object"),
        invalid("metric displayName not a string", root -> ((ObjectNode) incident(root).get("metric"))
            .put("displayName", 2), "incident.metric.displayName: must be a string"),
        invalid("more derived labels than the limit", root -> {
          for (int i = 0; i < 60; i++) {
            ((ObjectNode) resource(root).get("labels")).put("l" + i, "v");
          }
        }, "incident: 72 labels, at most 64"),
        invalid("documentation not an object", root -> incident(root).put("documentation", "runbook"),
            "incident.documentation: must be an object"),
        invalid("documentation content not a string", root -> documentation(root).putObject("content"),
            "incident.documentation.content: must be a string"),
        invalid("links not an array", root -> documentation(root).put("links", "https://x"),
            "incident.documentation.links: must be an array"),
        invalid("link not an object", root -> documentation(root).withArray("links").insert(0, "https://x"),
            "incident.documentation.links[0]: must be an object"),
        invalid("link url not a string", root -> ((ObjectNode) documentation(root).withArray("links").get(0))
            .put("url", 1), "incident.documentation.links[0].url: must be a string"),
        invalid("unpaired surrogate", root -> incident(root).put("policy_name", "cpu \ud800"),
            "incident.policy_name: is not valid Unicode (unpaired surrogate)"));
  }

  /** Fields Tocsin does not keep, of the wrong type: the body is not Google's, so none of it is trusted. */
  static Stream<Arguments> wrongTypesOfFieldsNotKept() {
    return Stream.of(
        invalid("scoping_project_number a string", root -> incident(root).put("scoping_project_number", "123456789012"),
            "incident.scoping_project_number: must be an integer"),
        invalid("scoping_project_number fractional", root -> incident(root).put("scoping_project_number", 1.5),
            "incident.scoping_project_number: must be an integer"),
        invalid("metadata an array", root -> incident(root).putArray("metadata"), "incident.metadata: must be an object"),
        invalid("system_labels a string", root -> metadata(root).put("system_labels", "x"),
            "incident.metadata.system_labels: must be an object"),
        invalid("user_labels an array", root -> metadata(root).putArray("user_labels"),
            "incident.metadata.user_labels: must be an object of strings"),
        invalid("user label a number", root -> ((ObjectNode) metadata(root).get("user_labels")).put("tier", 1),
            "incident.metadata.user_labels.tier: must be a string"),
        invalid("mime_type a number", root -> documentation(root).put("mime_type", 1),
            "incident.documentation.mime_type: must be a string"),
        invalid("condition a string", root -> incident(root).put("condition", "cpu > 0.8"),
            "incident.condition: must be an object"),
        invalid("condition name an object", root -> ((ObjectNode) incident(root).get("condition")).putObject("name"),
            "incident.condition.name: must be a string"),
        invalid("condition displayName a number", root -> ((ObjectNode) incident(root).get("condition"))
            .put("displayName", 1), "incident.condition.displayName: must be a string"),
        invalid("scoping_project_id a number", root -> incident(root).put("scoping_project_id", 1),
            "incident.scoping_project_id: must be a string"),
        invalid("apigee_url a boolean", root -> incident(root).put("apigee_url", true),
            "incident.apigee_url: must be a string"),
        invalid("resource_type_display_name an array", root -> incident(root).putArray("resource_type_display_name"),
            "incident.resource_type_display_name: must be a string"),
        invalid("observed_value an object", root -> incident(root).putObject("observed_value"),
            "incident.observed_value: must be a string"),
        invalid("condition_name a number", root -> incident(root).put("condition_name", 2),
            "incident.condition_name: must be a string"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypesOfFieldsNotKept")
  void rejectsFieldsOfTheWrongTypeEvenWhenTheyAreNotKept(Consumer<ObjectNode> breakIt, String expectedProblem) {
    rejectsInvalidPayloadsNamingTheField(breakIt, expectedProblem);
  }

  @Test
  void acceptsSystemLabelsOfAnyJsonTypeAsGoogleSendsAStruct() {
    ObjectNode root = fixture("open-1.2.json");
    ObjectNode systemLabels = metadata(root).putObject("system_labels");
    systemLabels.put("spot_instance", false);
    systemLabels.putArray("network_tags").add("http-server");

    assertThat(accepted(root).getFingerprint()).isEqualTo("0.mtdi83m6w8ao");
  }

  @Test
  void treatsNullAsAbsentForFieldsNotKept() {
    ObjectNode root = fixture("open-1.2.json");
    incident(root).putNull("scoping_project_number");
    incident(root).putNull("metadata");
    incident(root).putNull("condition");
    documentation(root).putNull("mime_type");

    assertThat(accepted(root).getFingerprint()).isEqualTo("0.mtdi83m6w8ao");
  }

  @ParameterizedTest
  @MethodSource("invalidPayloads")
  void rejectsInvalidPayloadsNamingTheField(Consumer<ObjectNode> breakIt, String expectedProblem) {
    ObjectNode root = fixture("open-1.2.json");
    breakIt.accept(root);

    AlertBatch.Rejected rejected = rejected(bytes(root));

    assertThat(rejected.reason()).isEqualTo(AlertBatch.Reason.INVALID_PAYLOAD);
    assertThat(rejected.problems()).containsExactly(expectedProblem);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ObjectNode root = fixture("open-1.2.json");
    root.put("version", "1.0");
    incident(root).remove("incident_id");
    incident(root).put("state", "firing");
    incident(root).put("started_at", "yesterday");
    userLabels(root).put("tier", 1);

    assertThat(rejected(bytes(root)).problems()).containsExactly(
        "version: unsupported version \"1.0\", expected \"1.2\" or \"1.1\"",
        "incident.incident_id: is required",
        "incident.state: must be \"open\" or \"closed\"",
        "incident.started_at: must be a number of Unix epoch seconds from 0 to 253402300799",
        "incident.policy_user_labels.tier: must be a string");
  }

  @Test
  void enforcesConfiguredLimitsOnDerivedLabels() {
    CloudMonitoringSource strict = new CloudMonitoringSource(new AlertLimits(1, 4, 256, 16384));

    AlertBatch batch = strict.parse(bytes(fixture("open-1.2.json")), RECEIVED, "req-1");

    assertThat(batch).isEqualTo(new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD,
        List.of("incident: 12 labels, at most 4", "incident: 10 annotations, at most 4")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "not json", "{\"incident\": {}} {}", "{\"version\": \"1.2\", \"version\": \"1.1\"}"})
  void rejectsBodiesThatAreNotJson(String body) {
    AlertBatch.Rejected rejected = rejected(body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejected.reason()).isEqualTo(AlertBatch.Reason.MALFORMED);
    assertThat(rejected.problems()).singleElement().asString().startsWith("body: not valid JSON: ");
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertThat(rejected("[{}]".getBytes(StandardCharsets.UTF_8)).problems()).containsExactly("body: must be a JSON object");
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThat(rejected(" \n".getBytes(StandardCharsets.UTF_8)).problems()).containsExactly("body: is empty");
  }

  private static Arguments invalid(String name, Consumer<ObjectNode> breakIt, String problem) {
    return Arguments.of(Named.of(name, breakIt), problem);
  }

  private Alert accepted(ObjectNode root) {
    AlertBatch batch = source.parse(bytes(root), RECEIVED, "req-1");
    assertThat(batch).isInstanceOf(AlertBatch.Accepted.class);
    AlertBatch.Accepted accepted = (AlertBatch.Accepted) batch;
    assertThat(accepted.warnings()).isEmpty();
    assertThat(accepted.alerts()).hasSize(1);
    return accepted.alerts().get(0);
  }

  private AlertBatch.Rejected rejected(byte[] body) {
    AlertBatch batch = source.parse(body, RECEIVED, "req-1");
    assertThat(batch).isInstanceOf(AlertBatch.Rejected.class);
    return (AlertBatch.Rejected) batch;
  }

  static ObjectNode fixture(String name) {
    try (InputStream in = CloudMonitoringSourceTest.class.getResourceAsStream("/fixtures/cloudmonitoring/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode incident(ObjectNode root) {
    return (ObjectNode) root.get("incident");
  }

  private static ObjectNode resource(ObjectNode root) {
    return (ObjectNode) incident(root).get("resource");
  }

  private static ObjectNode documentation(ObjectNode root) {
    return (ObjectNode) incident(root).get("documentation");
  }

  private static ObjectNode metadata(ObjectNode root) {
    return (ObjectNode) incident(root).get("metadata");
  }

  private static ObjectNode userLabels(ObjectNode root) {
    return (ObjectNode) incident(root).get("policy_user_labels");
  }

  static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
