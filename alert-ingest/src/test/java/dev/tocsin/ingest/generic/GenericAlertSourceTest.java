package dev.tocsin.ingest.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.domain.Fingerprints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GenericAlertSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-01-10T08:20:00.987654Z");
  private static final Instant RECEIVED_MS = Instant.parse("2026-01-10T08:20:00.987Z");

  private final GenericAlertSource source = new GenericAlertSource(AlertLimits.DEFAULT);

  @Test
  void acceptsOneAlertObjectWithEveryField() {
    Alert alert = single("""
        {"name": "HighCPU", "status": "firing", "severity": "P1",
         "labels": {"instance": "api-1:9100", "severity": "critical"},
         "annotations": {"summary": "CPU > 90% on api-1"},
         "startsAt": "2026-01-10T08:15:30.123456+01:00", "endsAt": null,
         "generatorURL": "https://grafana.example.com/d/cpu", "dedupKey": null}
        """);

    assertThat(alert.getSource()).isEqualTo(AlertSource.GENERIC);
    assertThat(alert.getFingerprint()).isEqualTo("3930d76917ce89c5");
    assertThat(alert.getGroupKey()).isNull();
    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getLabels()).containsOnly(entry("alertname", "HighCPU"), entry("instance", "api-1:9100"),
        entry("severity", "critical"));
    assertThat(alert.getAnnotations()).containsOnly(entry("summary", "CPU > 90% on api-1"));
    assertThat(alert.getStartsAt()).isEqualTo(Instant.parse("2026-01-10T07:15:30.123Z"));
    assertThat(alert.getEndsAt()).isNull();
    assertThat(alert.getReceivedAt()).isEqualTo(RECEIVED_MS);
    assertThat(alert.getGeneratorUrl()).isEqualTo("https://grafana.example.com/d/cpu");
    assertThat(alert.getSourceSeverity()).isEqualTo(Severity.P1);
    assertThat(alert.getRequestId()).isEqualTo("req-7");
  }

  @Test
  void acceptsAnArrayOfAlertsInOrder() {
    List<Alert> alerts = accepted("""
        [{"name": "A", "labels": {"host": "db-1"}},
         {"labels": {"alertname": "B"}, "status": "resolved", "endsAt": "2026-01-10T08:19:00Z"}]
        """);

    assertThat(alerts).extracting(alert -> alert.getLabels().get("alertname")).containsExactly("A", "B");
    assertThat(alerts).extracting(Alert::getStatus).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
  }

  @Test
  void fingerprintsTheLabelsAsAlertmanagerDoes() {
    Alert fromName = single("{\"name\": \"HighCPU\", \"labels\": {\"instance\": \"api-1:9100\", \"severity\": \"critical\"}}");
    Alert fromLabel = single("{\"labels\": {\"alertname\": \"HighCPU\", \"instance\": \"api-1:9100\", "
        + "\"severity\": \"critical\"}}");

    assertThat(fromName.getFingerprint()).isEqualTo("3930d76917ce89c5").isEqualTo(fromLabel.getFingerprint());
  }

  @Test
  void acceptsANameGivenTwiceAlike() {
    assertThat(single("{\"name\": \"X\", \"labels\": {\"alertname\": \"X\"}}").getLabels())
        .containsOnly(entry("alertname", "X"));
  }

  @Test
  void takesTheDedupKeyAsTheFingerprint() {
    Alert alert = single("{\"name\": \"Backup\", \"labels\": {\"run\": \"42\"}, \"dedupKey\": \"backup:nightly-db_1.x\"}");

    assertThat(alert.getFingerprint()).isEqualTo("backup:nightly-db_1.x");
  }

  @Test
  void defaultsAMinimalAlertToFiringSinceItsReceipt() {
    Alert alert = single("{\"name\": \"Heartbeat\"}");

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getStartsAt()).isEqualTo(RECEIVED_MS);
    assertThat(alert.getEndsAt()).isNull();
    assertThat(alert.getLabels()).containsOnly(entry("alertname", "Heartbeat"));
    assertThat(alert.getAnnotations()).isEmpty();
    assertThat(alert.getGeneratorUrl()).isNull();
    assertThat(alert.getSourceSeverity()).isNull();
    assertThat(alert.getFingerprint()).isEqualTo(Fingerprints.of(Map.of("alertname", "Heartbeat")));
  }

  @Test
  void endsAResolvedAlertWithoutEndsAtWhenItWasReceived() {
    Alert alert = single("{\"name\": \"X\", \"status\": \"resolved\", \"startsAt\": \"2026-01-10T08:00:00Z\"}");

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alert.getEndsAt()).isEqualTo(RECEIVED_MS);
  }

  @Test
  void endsAResolvedAlertThatStartsInTheFutureWhenItStarts() {
    Alert alert = single("{\"name\": \"X\", \"status\": \"resolved\", \"startsAt\": \"2026-01-10T09:00:00Z\"}");

    assertThat(alert.getEndsAt()).isEqualTo(alert.getStartsAt()).isEqualTo(Instant.parse("2026-01-10T09:00:00Z"));
  }

  @Test
  void startsAResolvedAlertWithoutStartsAtWhenItEnded() {
    Alert alert = single("{\"name\": \"X\", \"status\": \"resolved\", \"endsAt\": \"2026-01-10T08:10:00Z\"}");

    assertThat(alert.getStartsAt()).isEqualTo(alert.getEndsAt()).isEqualTo(Instant.parse("2026-01-10T08:10:00Z"));
  }

  @Test
  void resolvesAnAlertWithoutStatusWhoseEndHasPassedAsAlertmanagerDoes() {
    Alert alert = single("""
        {"labels": {"alertname": "X"}, "startsAt": "2026-01-10T08:00:00Z", "endsAt": "2026-01-10T08:20:00Z"}
        """);

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alert.getEndsAt()).isEqualTo(Instant.parse("2026-01-10T08:20:00Z"));
  }

  @Test
  void keepsAnAlertWithoutStatusWhoseEndIsAheadFiringWithoutEnd() {
    Alert alert = single("""
        {"labels": {"alertname": "X"}, "startsAt": "2026-01-10T08:00:00Z", "endsAt": "2026-01-10T08:25:00Z"}
        """);

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getEndsAt()).isNull();
  }

  @Test
  void ignoresTheEndOfAnAlertDeclaredFiring() {
    Alert alert = single("{\"name\": \"X\", \"status\": \"firing\", \"endsAt\": \"2026-01-10T08:00:00Z\"}");

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getEndsAt()).isNull();
  }

  @Test
  void readsGoZeroTimesAsAbsent() {
    Alert alert = single("{\"name\": \"X\", \"startsAt\": \"0001-01-01T00:00:00Z\", \"endsAt\": \"0001-01-01T00:00:00Z\"}");

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getStartsAt()).isEqualTo(RECEIVED_MS);
  }

  @Test
  void readsTheStatusInAnyCase() {
    assertThat(single("{\"name\": \"X\", \"status\": \"RESOLVED\"}").getStatus()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void treatsNullAndAnEmptyGeneratorUrlAsAbsent() {
    Alert alert = single("""
        {"name": "X", "status": null, "severity": null, "labels": null, "annotations": null,
         "startsAt": null, "generatorURL": ""}
        """);

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getGeneratorUrl()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"P0, P0", "p3, P3", "critical, P0", "High, P1", "error, P1", "warning, P2", "SEV-3, P2", "info, P3",
      "' low ', P3"})
  void readsTheSeverityFieldThroughTheAliases(String severity, Severity expected) {
    assertThat(single("{\"name\": \"X\", \"severity\": \"" + severity + "\"}").getSourceSeverity()).isEqualTo(expected);
  }

  @Test
  void prefersTheSeverityFieldToTheSeverityLabel() {
    assertThat(single("{\"name\": \"X\", \"severity\": \"P3\", \"labels\": {\"severity\": \"critical\"}}")
        .getSourceSeverity()).isEqualTo(Severity.P3);
  }

  @Test
  void takesTheSeverityFromTheLabelsWithoutASeverityField() {
    assertThat(single("{\"name\": \"X\", \"labels\": {\"priority\": \"P1\"}}").getSourceSeverity())
        .isEqualTo(Severity.P1);
    assertThat(single("{\"name\": \"X\", \"labels\": {\"severity\": \"whatever\"}}").getSourceSeverity()).isNull();
  }

  @Test
  void acceptsAlertsAtTheLimits() {
    ObjectNode alert = JSON.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", "X");
    for (int i = 1; i < 63; i++) {
      labels.put("l" + i, "v");
    }
    labels.put("k".repeat(256), "v".repeat(16384));
    alert.put("dedupKey", "d".repeat(128));

    assertThat(accepted(bytes(alert))).singleElement().satisfies(a -> assertThat(a.getLabels()).hasSize(64));
  }

  static Stream<Arguments> invalidAlerts() {
    return Stream.of(
        invalid("unknown field", "{\"name\": \"X\", \"lables\": {}}", "lables: unknown field"),
        invalid("no name at all", "{\"labels\": {\"host\": \"a\"}}", "name: is required (or labels.alertname)"),
        invalid("empty object", "{}", "name: is required (or labels.alertname)"),
        invalid("name not a string", "{\"name\": 1}", "name: must be a string"),
        invalid("name blank", "{\"name\": \" \"}", "name: must not be empty"),
        invalid("name and alertname differ", "{\"name\": \"X\", \"labels\": {\"alertname\": \"Y\"}}",
            "labels.alertname: differs from name; give one, or both equal"),
        invalid("alertname empty", "{\"labels\": {\"alertname\": \"\"}}", "labels.alertname: must not be empty"),
        invalid("status unknown", "{\"name\": \"X\", \"status\": \"pending\"}", "status: must be \"firing\" or \"resolved\""),
        invalid("status not a string", "{\"name\": \"X\", \"status\": true}", "status: must be \"firing\" or \"resolved\""),
        invalid("severity unknown", "{\"name\": \"X\", \"severity\": \"urgent\"}", "severity: \"urgent\" is not P0..P3 "
            + "or a severity alias (critical, high, medium, low, error, warning, info, sev-1..sev-4)"),
        invalid("severity not a string", "{\"name\": \"X\", \"severity\": 0}", "severity: must be a string"),
        invalid("labels not an object", "{\"name\": \"X\", \"labels\": [\"a\"]}", "labels: must be an object of strings"),
        invalid("label value not a string", "{\"name\": \"X\", \"labels\": {\"replicas\": 3}}",
            "labels.replicas: must be a string"),
        invalid("odd label name quoted", "{\"name\": \"X\", \"labels\": {\"team name\": null}}",
            "labels[\"team name\"]: must be a string"),
        invalid("label name empty", "{\"name\": \"X\", \"labels\": {\"\": \"v\"}}", "labels: a name is empty"),
        invalid("label name too long", "{\"name\": \"X\", \"labels\": {\"" + "k".repeat(257) + "\": \"v\"}}",
            "labels: name \"" + "k".repeat(64) + "…\" longer than 256 characters"),
        invalid("label value too long", "{\"name\": \"X\", \"labels\": {\"k\": \"" + "v".repeat(16385) + "\"}}",
            "labels.k: value longer than 16384 characters"),
        invalid("label value an unpaired surrogate", "{\"name\": \"X\", \"labels\": {\"k\": \"\\udc00\"}}",
            "labels.k: is not valid Unicode (unpaired surrogate)"),
        invalid("too many labels", "{\"name\": \"X\", \"labels\": " + labels(65) + "}", "labels: 65 labels, at most 64"),
        invalid("too many labels with the name", "{\"name\": \"X\", \"labels\": " + labels(64) + "}",
            "labels: 65 labels with alertname from name, at most 64"),
        invalid("annotations not an object", "{\"name\": \"X\", \"annotations\": \"text\"}",
            "annotations: must be an object of strings"),
        invalid("too many annotations", "{\"name\": \"X\", \"annotations\": " + labels(65) + "}",
            "annotations: 65 annotations, at most 64"),
        invalid("annotation too long", "{\"name\": \"X\", \"annotations\": {\"description\": \"" + "d".repeat(16385)
            + "\"}}", "annotations.description: value longer than 16384 characters"),
        invalid("startsAt not RFC 3339", "{\"name\": \"X\", \"startsAt\": \"2026-01-10 08:00:00\"}",
            "startsAt: not an RFC 3339 timestamp"),
        invalid("startsAt epoch number", "{\"name\": \"X\", \"startsAt\": 1767953730}", "startsAt: not an RFC 3339 timestamp"),
        invalid("startsAt five-digit year", "{\"name\": \"X\", \"startsAt\": \"+10000-01-01T00:00:00Z\"}",
            "startsAt: not an RFC 3339 timestamp"),
        invalid("endsAt not RFC 3339", "{\"name\": \"X\", \"endsAt\": \"soon\"}", "endsAt: not an RFC 3339 timestamp"),
        invalid("endsAt before startsAt", "{\"name\": \"X\", \"startsAt\": \"2026-01-10T08:00:00Z\", "
            + "\"endsAt\": \"2026-01-10T07:59:59Z\"}", "endsAt: before startsAt"),
        invalid("generatorURL not a string", "{\"name\": \"X\", \"generatorURL\": {}}", "generatorURL: must be a string"),
        invalid("dedupKey with a space", "{\"name\": \"X\", \"dedupKey\": \"a b\"}",
            "dedupKey: must be 1 to 128 of the characters A-Z a-z 0-9 . _ : -"),
        invalid("dedupKey empty", "{\"name\": \"X\", \"dedupKey\": \"\"}",
            "dedupKey: must be 1 to 128 of the characters A-Z a-z 0-9 . _ : -"),
        invalid("dedupKey too long", "{\"name\": \"X\", \"dedupKey\": \"" + "d".repeat(129) + "\"}",
            "dedupKey: must be 1 to 128 of the characters A-Z a-z 0-9 . _ : -"),
        invalid("dedupKey not a string", "{\"name\": \"X\", \"dedupKey\": 42}", "dedupKey: must be a string"));
  }

  @ParameterizedTest
  @MethodSource("invalidAlerts")
  void rejectsAnInvalidAlertNamingTheField(String body, String expectedProblem) {
    AlertBatch.Rejected rejected = rejected(body);

    assertThat(rejected.reason()).isEqualTo(AlertBatch.Reason.INVALID_PAYLOAD);
    assertThat(rejected.problems()).containsExactly(expectedProblem);
  }

  @ParameterizedTest
  @MethodSource("invalidAlerts")
  void namesTheArrayIndexOfAnInvalidAlert(String body, String expectedProblem) {
    AlertBatch.Rejected rejected = rejected("[{\"name\": \"fine\"}, " + body + "]");

    assertThat(rejected.problems()).containsExactly("[1]." + expectedProblem);
  }

  @Test
  void reportsEveryProblemOfEveryAlertAtOnce() {
    AlertBatch.Rejected rejected = rejected("""
        [{"name": "A", "status": "open", "startsAt": "now"},
         3,
         {"labels": {"alertname": "B", "n": 1}, "dedupKey": "#"}]
        """);

    assertThat(rejected.problems()).containsExactly(
        "[0].status: must be \"firing\" or \"resolved\"",
        "[0].startsAt: not an RFC 3339 timestamp",
        "[1]: must be an object",
        "[2].labels.n: must be a string",
        "[2].dedupKey: must be 1 to 128 of the characters A-Z a-z 0-9 . _ : -");
  }

  @Test
  void rejectsMoreAlertsThanTheLimit() {
    GenericAlertSource strict = new GenericAlertSource(new AlertLimits(2, 64, 256, 16384));

    AlertBatch batch = strict.parse(utf8("[{\"name\": \"A\"}, {\"name\": \"B\"}, {\"name\": \"C\"}]"), RECEIVED, "r");

    assertThat(batch).isEqualTo(new AlertBatch.Rejected(AlertBatch.Reason.TOO_MANY_ALERTS,
        List.of("body: 3 alerts exceed the limit of 2 per request")));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]|body: must hold at least one alert",
      "\"alert\"|body: must be an alert object or an array of them",
      "42|body: must be an alert object or an array of them",
      "' '|body: is empty"})
  void rejectsBodiesThatAreNoAlerts(String body, String problem) {
    assertThat(rejected(body)).isEqualTo(new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD, List.of(problem)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "name: X", "{\"name\": \"X\"} {}", "{\"name\": \"X\", \"name\": \"Y\"}"})
  void rejectsBodiesThatAreNotJson(String body) {
    AlertBatch.Rejected rejected = rejected(body);

    assertThat(rejected.reason()).isEqualTo(AlertBatch.Reason.MALFORMED);
    assertThat(rejected.problems()).singleElement().asString().startsWith("body: not valid JSON: ");
  }

  @Test
  void publishedJsonSchemaDescribesTheFieldsAndDefaultLimitsTheSourceEnforces() {
    JsonNode schema = schema();
    JsonNode alert = schema.at("/$defs/alert");
    Set<String> properties = new HashSet<>();
    alert.get("properties").fieldNames().forEachRemaining(properties::add);

    assertThat(properties).isEqualTo(GenericAlertSource.FIELDS);
    assertThat(alert.get("additionalProperties").asBoolean()).isFalse();
    assertThat(alert.at("/properties/dedupKey/pattern").asText())
        .isEqualTo("^" + GenericAlertSource.DEDUP_KEY.pattern() + "$");
    assertThat(schema.at("/oneOf/1/maxItems").asInt()).isEqualTo(AlertLimits.DEFAULT.maxAlerts());
    assertThat(schema.at("/$defs/stringMap/maxProperties").asInt()).isEqualTo(AlertLimits.DEFAULT.maxLabels());
    assertThat(schema.at("/$defs/stringMap/propertyNames/maxLength").asInt())
        .isEqualTo(AlertLimits.DEFAULT.maxKeyLength());
    assertThat(schema.at("/$defs/stringMap/additionalProperties/maxLength").asInt())
        .isEqualTo(AlertLimits.DEFAULT.maxValueLength());
  }

  @Test
  void acceptsTheJsonSchemasExamples() {
    for (JsonNode example : schema().get("examples")) {
      assertThat(source.parse(bytes(example), RECEIVED, "r")).isInstanceOf(AlertBatch.Accepted.class);
    }
  }

  private static Arguments invalid(String name, String body, String problem) {
    return Arguments.of(Named.of(name, body), problem);
  }

  private static String labels(int count) {
    ObjectNode labels = JSON.createObjectNode();
    for (int i = 0; i < count; i++) {
      labels.put("l" + i, "v");
    }
    return labels.toString();
  }

  private Alert single(String body) {
    List<Alert> alerts = accepted(body);
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }

  private List<Alert> accepted(String body) {
    return accepted(utf8(body));
  }

  private List<Alert> accepted(byte[] body) {
    AlertBatch batch = source.parse(body, RECEIVED, "req-7");
    assertThat(batch).isInstanceOf(AlertBatch.Accepted.class);
    return ((AlertBatch.Accepted) batch).alerts();
  }

  private AlertBatch.Rejected rejected(String body) {
    AlertBatch batch = source.parse(utf8(body), RECEIVED, "req-7");
    assertThat(batch).isInstanceOf(AlertBatch.Rejected.class);
    return (AlertBatch.Rejected) batch;
  }

  private static JsonNode schema() {
    try (InputStream in = GenericAlertSource.class.getResourceAsStream("/schemas/generic-alert.schema.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
