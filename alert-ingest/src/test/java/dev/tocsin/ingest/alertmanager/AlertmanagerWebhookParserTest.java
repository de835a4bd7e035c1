package dev.tocsin.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.alertmanager.ParseResult.Parsed;
import dev.tocsin.ingest.alertmanager.ParseResult.RejectReason;
import dev.tocsin.ingest.alertmanager.ParseResult.Rejected;
import dev.tocsin.ingest.domain.Fingerprints;
import dev.tocsin.testing.Fixtures;
import java.io.IOException;
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
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertmanagerWebhookParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHECKOUT_GROUP = "{}:{alertname=\"HighErrorRate\", service=\"checkout\"}";

  private final AlertmanagerWebhookParser parser = new AlertmanagerWebhookParser(1000);

  static Stream<String> fixtures() {
    return Stream.of("firing.json", "firing-critical.json", "multi-alert.json", "partially-resolved.json",
        "resolved.json", "resolved-single.json", "repeated.json", "repeated-single.json", "prometheus-firing.json",
        "prometheus-repeated.json", "prometheus-resolved.json");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void acceptsEveryCapturedAlertmanagerPayload(String fixture) {
    WebhookMessage message = parsed(Fixtures.alertmanager(fixture));

    assertThat(message.alerts()).isNotEmpty();
    assertThat(message.receiver()).isEqualTo("pipeline");
    assertThat(message.groupKey()).startsWith("{}:{alertname=");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void capturedFingerprintsEqualTheOnesRecomputedFromLabels(String fixture) {
    WebhookMessage sent = parsed(Fixtures.alertmanager(fixture));
    ObjectNode withoutFingerprints = fixture(fixture);
    withoutFingerprints.withArray("alerts").forEach(alert -> ((ObjectNode) alert).remove("fingerprint"));
    WebhookMessage computed = parsed(bytes(withoutFingerprints));

    for (int i = 0; i < sent.alerts().size(); i++) {
      WebhookAlert alert = sent.alerts().get(i);
      assertThat(Fingerprints.of(alert.labels())).isEqualTo(alert.fingerprint());
      assertThat(computed.alerts().get(i).fingerprint()).isEqualTo(alert.fingerprint());
    }
  }

  @Test
  void keepsEveryFieldOfAFiringAlert() {
    WebhookMessage message = parsed(Fixtures.alertmanager("firing-critical.json"));

    assertThat(message.groupKey()).isEqualTo(CHECKOUT_GROUP);
    assertThat(message.receiver()).isEqualTo("pipeline");
    assertThat(message.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(message.externalUrl()).isEqualTo("http://127.0.0.1:49433");
    assertThat(message.truncatedAlerts()).isZero();
    assertThat(message.alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
      assertThat(alert.fingerprint()).isEqualTo("28593e58a253cffc");
      assertThat(alert.labels()).containsEntry("alertname", "HighErrorRate").containsEntry("severity", "critical")
          .hasSize(5);
      assertThat(alert.annotations()).containsEntry("summary", "HTTP 5xx ratio above 5% on checkout-1");
      assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-22T10:53:03.656Z"));
      assertThat(alert.generatorUrl()).startsWith("http://prometheus.example.invalid/graph?g0.expr=");
    });
  }

  @Test
  void readsGoZeroTimeEndsAtOfFiringAlertsAsNoEnd() {
    WebhookAlert alert = parsed(Fixtures.alertmanager("firing.json")).alerts().get(0);

    assertThat(alert.endsAt()).isNull();
  }

  @Test
  void keepsAResolvedAlertInsideAFiringGroupResolved() {
    WebhookMessage message = parsed(Fixtures.alertmanager("partially-resolved.json"));

    assertThat(message.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(message.alerts()).extracting(WebhookAlert::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    assertThat(message.alerts().get(0).endsAt()).isNull();
    assertThat(message.alerts().get(1).endsAt()).isEqualTo(Instant.parse("2026-11-22T10:54:27.513Z"));
    assertThat(message.alerts().get(1).fingerprint()).isEqualTo("7f6582cb3b9e969d");
  }

  @Test
  void readsTheEndOfResolvedAlerts() {
    WebhookMessage message = parsed(Fixtures.alertmanager("resolved.json"));

    assertThat(message.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(message.alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(alert.endsAt()).isEqualTo(Instant.parse("2026-11-22T10:54:33.140Z"));
    });
  }

  @Test
  void decodesHtmlEscapedAmpersandsInGeneratorUrls() {
    WebhookAlert alert = parsed(Fixtures.alertmanager("prometheus-firing.json")).alerts().get(0);

    assertThat(alert.generatorUrl()).endsWith("&g0.tab=1");
  }

  @Test
  void keepsTheReceiverAsSentWithAlertmanagersRegexEscaping() {
    ObjectNode root = fixture("firing.json");
    root.put("receiver", "team\\.ops");

    assertThat(parsed(bytes(root)).receiver()).isEqualTo("team\\.ops");
  }

  @Test
  void ignoresFieldsAddedByNewerAlertmanagers() {
    ObjectNode root = fixture("firing.json");
    root.put("notification_reason", "first notification");
    root.putObject("routeLabels").put("team", "payments");
    ((ObjectNode) root.withArray("alerts").get(0)).put("somethingNew", true);

    assertThat(parsed(bytes(root)).alerts()).hasSize(1);
  }

  @Test
  void keepsTheNumberOfTruncatedAlerts() {
    ObjectNode root = fixture("firing.json");
    root.put("truncatedAlerts", 3);

    assertThat(parsed(bytes(root)).truncatedAlerts()).isEqualTo(3);
  }

  @Test
  void readsTimestampsWithNanosecondsAndOffsets() {
    ObjectNode root = fixture("firing.json");
    alert0(root).put("startsAt", "2018-08-03T09:52:26.739266876+02:00");

    assertThat(parsed(bytes(root)).alerts().get(0).startsAt())
        .isEqualTo(Instant.parse("2018-08-03T07:52:26.739266876Z"));
  }

  @Test
  void lowercasesAnUppercaseFingerprint() {
    ObjectNode root = fixture("firing.json");
    alert0(root).put("fingerprint", "EA51316C0C095757");

    assertThat(parsed(bytes(root)).alerts().get(0).fingerprint()).isEqualTo("ea51316c0c095757");
  }

  @Test
  void computesTheFingerprintWhenItIsEmpty() {
    ObjectNode root = fixture("firing.json");
    alert0(root).put("fingerprint", "");

    assertThat(parsed(bytes(root)).alerts().get(0).fingerprint()).isEqualTo("ea51316c0c095757");
  }

  @Test
  void treatsAnEmptyGeneratorUrlAsAbsent() {
    ObjectNode root = fixture("firing.json");
    alert0(root).put("generatorURL", "");

    assertThat(parsed(bytes(root)).alerts().get(0).generatorUrl()).isNull();
  }

  @Test
  void acceptsAnAlertWithoutAnnotationsOrEnd() {
    ObjectNode root = fixture("firing.json");
    alert0(root).remove(List.of("annotations", "endsAt", "generatorURL", "fingerprint"));

    WebhookAlert alert = parsed(bytes(root)).alerts().get(0);
    assertThat(alert.annotations()).isEmpty();
    assertThat(alert.endsAt()).isNull();
    assertThat(alert.generatorUrl()).isNull();
  }

  static Stream<Arguments> invalidPayloads() {
    return Stream.of(
        invalid("alerts missing", root -> root.remove("alerts"), "alerts: is required"),
        invalid("alerts null", root -> root.putNull("alerts"), "alerts: is required"),
        invalid("alerts not an array", root -> root.putObject("alerts"), "alerts: must be an array"),
        invalid("alert not an object", root -> root.withArray("alerts").insert(0, 1), "alerts[0]: must be an object"),
        invalid("status missing", root -> alert0(root).remove("status"), "alerts[0].status: is required"),
        invalid("status unknown", root -> alert0(root).put("status", "pending"),
            "alerts[0].status: must be \"firing\" or \"resolved\""),
        invalid("status not a string", root -> alert0(root).put("status", 1),
            "alerts[0].status: must be \"firing\" or \"resolved\""),
        invalid("labels missing", root -> alert0(root).remove("labels"), "alerts[0].labels: is required"),
        invalid("labels not an object", root -> alert0(root).putArray("labels"),
            "alerts[0].labels: must be an object of strings"),
        invalid("alertname missing", root -> labels0(root).remove("alertname"),
            "alerts[0].labels.alertname: is required"),
        invalid("alertname empty", root -> labels0(root).put("alertname", ""),
            "alerts[0].labels.alertname: must not be empty"),
        invalid("label value not a string", root -> labels0(root).put("replicas", 3),
            "alerts[0].labels.replicas: must be a string"),
        invalid("odd label name quoted in the path", root -> labels0(root).putNull("team name"),
            "alerts[0].labels[\"team name\"]: must be a string"),
        invalid("annotations not an object", root -> alert0(root).put("annotations", "text"),
            "alerts[0].annotations: must be an object of strings"),
        invalid("startsAt missing", root -> alert0(root).remove("startsAt"), "alerts[0].startsAt: is required"),
        invalid("startsAt not a timestamp", root -> alert0(root).put("startsAt", "yesterday"),
            "alerts[0].startsAt: not an RFC 3339 timestamp"),
        invalid("startsAt without seconds", root -> alert0(root).put("startsAt", "2026-11-22T10:53Z"),
            "alerts[0].startsAt: not an RFC 3339 timestamp"),
        invalid("startsAt without offset", root -> alert0(root).put("startsAt", "2026-11-22T10:53:03.656"),
            "alerts[0].startsAt: not an RFC 3339 timestamp"),
        invalid("startsAt as epoch number", root -> alert0(root).put("startsAt", 1795344783),
            "alerts[0].startsAt: not an RFC 3339 timestamp"),
        invalid("startsAt Go zero time", root -> alert0(root).put("startsAt", "0001-01-01T00:00:00Z"),
            "alerts[0].startsAt: is the zero time; a start time is required"),
        invalid("endsAt not a timestamp", root -> alert0(root).put("endsAt", "2026-02-30T00:00:00Z"),
            "alerts[0].endsAt: not an RFC 3339 timestamp"),
        invalid("fingerprint malformed", root -> alert0(root).put("fingerprint", "ea51316c"),
            "alerts[0].fingerprint: must be 16 hex digits"),
        invalid("fingerprint not a string", root -> alert0(root).put("fingerprint", 42),
            "alerts[0].fingerprint: must be a string"),
        invalid("generatorURL not a string", root -> alert0(root).putObject("generatorURL"),
            "alerts[0].generatorURL: must be a string"),
        invalid("second alert's startsAt", root -> root.withArray("alerts")
            .add(alert0(root).deepCopy().put("startsAt", "22/11/2026")), "alerts[1].startsAt: not an RFC 3339 timestamp"),
        invalid("unsupported version", root -> root.put("version", "5"),
            "version: unsupported version \"5\", expected \"4\""),
        invalid("groupKey not a string", root -> root.put("groupKey", 7), "groupKey: must be a string"),
        invalid("group status unknown", root -> root.put("status", "ok"),
            "status: must be \"firing\" or \"resolved\""),
        invalid("truncatedAlerts negative", root -> root.put("truncatedAlerts", -1),
            "truncatedAlerts: must be a non-negative integer"),
        invalid("endsAt before startsAt", root -> alert0(root).put("endsAt", "2026-11-22T10:53:04.892Z"),
            "alerts[0].endsAt: before startsAt"),
        invalid("startsAt in year 0", root -> alert0(root).put("startsAt", "0000-01-01T00:00:00Z"),
            "alerts[0].startsAt: before year 1"),
        invalid("startsAt in year 0 by its offset", root -> alert0(root).put("startsAt", "0001-01-01T00:30:00+01:00"),
            "alerts[0].startsAt: before year 1"),
        invalid("endsAt in year 0", root -> alert0(root).put("endsAt", "0000-12-31T23:59:59Z"),
            "alerts[0].endsAt: before year 1"));
  }

  /** Fields Alertmanager always sends with a value, set to JSON null or another type: refused even where unused. */
  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        invalid("version null", root -> root.putNull("version"), "version: must be a string"),
        invalid("version a number", root -> root.put("version", 4), "version: must be a string"),
        invalid("groupKey null", root -> root.putNull("groupKey"), "groupKey: must be a string"),
        invalid("truncatedAlerts null", root -> root.putNull("truncatedAlerts"),
            "truncatedAlerts: must be a non-negative integer"),
        invalid("truncatedAlerts a string", root -> root.put("truncatedAlerts", "0"),
            "truncatedAlerts: must be a non-negative integer"),
        invalid("truncatedAlerts fractional", root -> root.put("truncatedAlerts", 1.5),
            "truncatedAlerts: must be a non-negative integer"),
        invalid("status null", root -> root.putNull("status"), "status: must be \"firing\" or \"resolved\""),
        invalid("receiver null", root -> root.putNull("receiver"), "receiver: must be a string"),
        invalid("receiver an object", root -> root.putObject("receiver"), "receiver: must be a string"),
        invalid("groupLabels a string", root -> root.put("groupLabels", "x"), "groupLabels: must be an object of strings"),
        invalid("groupLabels null", root -> root.putNull("groupLabels"), "groupLabels: must be an object of strings"),
        invalid("groupLabels value a number", root -> ((ObjectNode) root.get("groupLabels")).put("alertname", 1),
            "groupLabels.alertname: must be a string"),
        invalid("commonLabels a string", root -> root.put("commonLabels", "severity=warning"),
            "commonLabels: must be an object of strings"),
        invalid("commonLabels value a number", root -> ((ObjectNode) root.get("commonLabels")).put("replicas", 3),
            "commonLabels.replicas: must be a string"),
        invalid("commonLabels value null", root -> ((ObjectNode) root.get("commonLabels")).putNull("team name"),
            "commonLabels[\"team name\"]: must be a string"),
        invalid("commonAnnotations an array", root -> root.putArray("commonAnnotations").add("summary"),
            "commonAnnotations: must be an object of strings"),
        invalid("commonAnnotations value an object", root -> ((ObjectNode) root.get("commonAnnotations"))
            .putObject("summary"), "commonAnnotations.summary: must be a string"),
        invalid("externalURL null", root -> root.putNull("externalURL"), "externalURL: must be a string"),
        invalid("externalURL a boolean", root -> root.put("externalURL", true), "externalURL: must be a string"),
        invalid("alert status null", root -> alert0(root).putNull("status"), "alerts[0].status: is required"),
        invalid("labels null", root -> alert0(root).putNull("labels"), "alerts[0].labels: is required"),
        invalid("label value a number", root -> labels0(root).put("severity", 2),
            "alerts[0].labels.severity: must be a string"),
        invalid("annotations null", root -> alert0(root).putNull("annotations"),
            "alerts[0].annotations: must be an object of strings"),
        invalid("annotation value a boolean", root -> ((ObjectNode) alert0(root).get("annotations")).put("summary", false),
            "alerts[0].annotations.summary: must be a string"),
        invalid("startsAt null", root -> alert0(root).putNull("startsAt"), "alerts[0].startsAt: is required"),
        invalid("endsAt null", root -> alert0(root).putNull("endsAt"), "alerts[0].endsAt: not an RFC 3339 timestamp"),
        invalid("endsAt a number", root -> alert0(root).put("endsAt", 0), "alerts[0].endsAt: not an RFC 3339 timestamp"),
        invalid("generatorURL null", root -> alert0(root).putNull("generatorURL"),
            "alerts[0].generatorURL: must be a string"),
        invalid("fingerprint null", root -> alert0(root).putNull("fingerprint"), "alerts[0].fingerprint: must be a string"));
  }

  @ParameterizedTest
  @MethodSource("wrongTypes")
  void rejectsFieldsOfTheWrongTypeEvenWhenTheyAreNotKept(Consumer<ObjectNode> breakIt, String expectedProblem) {
    rejectsInvalidPayloadsNamingTheField(breakIt, expectedProblem);
  }

  @Test
  void acceptsAMessageWithoutTheFieldsTocsinDoesNotNeed() {
    ObjectNode root = fixture("firing.json");
    root.remove(List.of("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
        "commonAnnotations", "externalURL"));

    assertThat(parsed(bytes(root)).alerts()).hasSize(1);
  }

  @Test
  void acceptsAnEndEqualToTheStart() {
    ObjectNode root = fixture("resolved.json");
    alert0(root).put("endsAt", alert0(root).get("startsAt").asText());

    assertThat(parsed(bytes(root)).alerts().get(0).endsAt()).isEqualTo(parsed(bytes(root)).alerts().get(0).startsAt());
  }

  @Test
  void listsEveryWrongTypeWithItsPath() {
    ObjectNode root = fixture("multi-alert.json");
    root.putNull("status");
    root.putNull("version");
    root.put("groupLabels", "x");
    root.put("commonLabels", "x");
    root.putArray("commonAnnotations");
    ((ObjectNode) root.withArray("alerts").get(1).get("labels")).put("severity", 1);

    assertThat(rejected(bytes(root)).problems()).containsExactly(
        "version: must be a string",
        "status: must be \"firing\" or \"resolved\"",
        "groupLabels: must be an object of strings",
        "commonLabels: must be an object of strings",
        "commonAnnotations: must be an object of strings",
        "alerts[1].labels.severity: must be a string");
  }

  @ParameterizedTest
  @MethodSource("invalidPayloads")
  void rejectsInvalidPayloadsNamingTheField(Consumer<ObjectNode> breakIt, String expectedProblem) {
    ObjectNode root = fixture("firing.json");
    breakIt.accept(root);

    Rejected rejected = rejected(bytes(root));

    assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_PAYLOAD);
    assertThat(rejected.problems()).containsExactly(expectedProblem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "not json", "{\"alerts\": []} trailing", "{\"alerts\": [], \"alerts\": []}"})
  void rejectsBodiesThatAreNotJson(String body) {
    Rejected rejected = rejected(body.getBytes(StandardCharsets.UTF_8));

    assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(rejected.problems()).singleElement().asString().startsWith("body: not valid JSON: ");
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertThat(rejected("[]".getBytes(StandardCharsets.UTF_8)).problems())
        .containsExactly("body: must be a JSON object");
  }

  @Test
  void rejectsAnEmptyBody() {
    assertThat(rejected(new byte[0]).problems()).containsExactly("body: is empty");
  }

  @Test
  void reportsEveryProblemAtOnceInDocumentOrder() {
    ObjectNode root = fixture("multi-alert.json");
    root.put("truncatedAlerts", "none");
    ObjectNode first = alert0(root);
    first.remove("status");
    first.put("startsAt", "soon");
    ObjectNode second = (ObjectNode) root.withArray("alerts").get(1);
    ((ObjectNode) second.get("labels")).remove("alertname");
    second.put("fingerprint", "zz");

    assertThat(rejected(bytes(root)).problems()).containsExactly(
        "truncatedAlerts: must be a non-negative integer",
        "alerts[0].status: is required",
        "alerts[0].startsAt: not an RFC 3339 timestamp",
        "alerts[1].labels.alertname: is required",
        "alerts[1].fingerprint: must be 16 hex digits");
  }

  @Test
  void rejectsMoreAlertsThanTheLimit() {
    Rejected rejected = (Rejected) new AlertmanagerWebhookParser(1).parse(Fixtures.alertmanager("multi-alert.json"));

    assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_MANY_ALERTS);
    assertThat(rejected.problems()).containsExactly("alerts: 2 alerts exceed the limit of 1 per request");
  }

  @Test
  void boundsTheProblemReportOfAPathologicalBody() {
    ObjectNode root = fixture("firing.json");
    ArrayNode alerts = root.putArray("alerts");
    for (int i = 0; i < 150; i++) {
      alerts.addObject();
    }

    List<String> problems = rejected(bytes(root)).problems();

    assertThat(problems).hasSize(101).startsWith("alerts[0].status: is required");
    assertThat(problems.get(100)).isEqualTo("... and 350 more problems");
  }

  private static Arguments invalid(String name, Consumer<ObjectNode> breakIt, String problem) {
    return Arguments.of(Named.of(name, breakIt), problem);
  }

  private WebhookMessage parsed(byte[] body) {
    ParseResult result = parser.parse(body);
    assertThat(result).isInstanceOf(Parsed.class);
    return ((Parsed) result).message();
  }

  private Rejected rejected(byte[] body) {
    ParseResult result = parser.parse(body);
    assertThat(result).isInstanceOf(Rejected.class);
    return (Rejected) result;
  }

  private static ObjectNode fixture(String name) {
    try {
      return (ObjectNode) JSON.readTree(Fixtures.alertmanager(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode alert0(ObjectNode root) {
    return (ObjectNode) root.withArray("alerts").get(0);
  }

  private static ObjectNode labels0(ObjectNode root) {
    return (ObjectNode) alert0(root).get("labels");
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
