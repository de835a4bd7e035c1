package dev.tocsin.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
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

class AlertmanagerSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:53:05.123456Z");

  private final AlertmanagerSource source = new AlertmanagerSource(AlertLimits.DEFAULT);

  @Test
  void acceptsAWebhookAsAlertmanagerAlertsWithoutWarnings() {
    AlertBatch.Accepted accepted = accepted(Fixtures.alertmanager("multi-alert.json"));

    assertThat(accepted.warnings()).isEmpty();
    assertThat(accepted.alerts()).hasSize(2).allSatisfy(alert -> {
      assertThat(alert.getSource()).isEqualTo(AlertSource.ALERTMANAGER);
      assertThat(alert.getRequestId()).isEqualTo("req-1");
      assertThat(alert.getReceivedAt()).isEqualTo(Instant.parse("2026-11-22T10:53:05.123Z"));
    });
  }

  @Test
  void mapsAlertsExactlyAsAlertmanagerAlertsDoes() {
    byte[] body = Fixtures.alertmanager("partially-resolved.json");
    WebhookMessage message = ((ParseResult.Parsed) new AlertmanagerWebhookParser(1000).parse(body)).message();

    List<Alert> expected = AlertmanagerAlerts.toAlerts(message, RECEIVED, "req-1");

    assertThat(accepted(body).alerts()).isEqualTo(expected);
  }

  @Test
  void warnsThatAlertsTruncatedByMaxAlertsCanNeverResolveHere() {
    ObjectNode root = fixture("firing.json");
    root.put("truncatedAlerts", 3);

    assertThat(accepted(bytes(root)).warnings()).containsExactly(
        "Alertmanager left out 3 alert(s) of group {}:{alertname=\"HighLatency\", service=\"payments\"} (max_alerts)");
  }

  @Test
  void warnsAboutTruncationOfAGroupWithoutKey() {
    ObjectNode root = fixture("firing.json");
    root.put("truncatedAlerts", 1);
    root.remove("groupKey");

    assertThat(accepted(bytes(root)).warnings()).containsExactly(
        "Alertmanager left out 1 alert(s) of group (no groupKey) (max_alerts)");
  }

  @Test
  void rejectsBodiesThatAreNotJsonAsMalformed() {
    AlertBatch.Rejected rejected = rejected(source, "{".getBytes(StandardCharsets.UTF_8));

    assertThat(rejected.reason()).isEqualTo(AlertBatch.Reason.MALFORMED);
    assertThat(rejected.problems()).singleElement().asString().startsWith("body: not valid JSON: ");
  }

  @Test
  void rejectsInvalidWebhooksAsInvalidPayload() {
    AlertBatch.Rejected rejected = rejected(source, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(rejected).isEqualTo(new AlertBatch.Rejected(AlertBatch.Reason.INVALID_PAYLOAD,
        List.of("alerts: is required")));
  }

  @Test
  void rejectsMoreAlertsThanTheLimit() {
    AlertmanagerSource strict = new AlertmanagerSource(new AlertLimits(1, 64, 256, 16384));

    assertThat(rejected(strict, Fixtures.alertmanager("multi-alert.json"))).isEqualTo(new AlertBatch.Rejected(
        AlertBatch.Reason.TOO_MANY_ALERTS, List.of("alerts: 2 alerts exceed the limit of 1 per request")));
  }

  @Test
  void acceptsAlertsAtEveryLimit() {
    ObjectNode root = fixture("firing.json");
    ObjectNode labels = labels0(root);
    for (int i = labels.size(); i < 63; i++) {
      labels.put("l" + i, "v");
    }
    labels.put("k".repeat(256), "v".repeat(16384));
    annotations0(root).put("description", "d".repeat(16384));

    assertThat(accepted(bytes(root)).alerts()).singleElement()
        .satisfies(alert -> assertThat(alert.getLabels()).hasSize(64));
  }

  static Stream<Arguments> beyondLimits() {
    return Stream.of(
        beyond("too many labels", root -> fill(labels0(root), 70), "alerts[0].labels: 70 labels, at most 64"),
        beyond("too many annotations", root -> fill(annotations0(root), 65),
            "alerts[0].annotations: 65 annotations, at most 64"),
        beyond("label name too long", root -> labels0(root).put("n".repeat(257), "v"),
            "alerts[0].labels: name \"" + "n".repeat(64) + "…\" longer than 256 characters"),
        beyond("annotation name too long", root -> annotations0(root).put("n".repeat(300), "v"),
            "alerts[0].annotations: name \"" + "n".repeat(64) + "…\" longer than 256 characters"),
        beyond("label value too long", root -> labels0(root).put("instance", "i".repeat(16385)),
            "alerts[0].labels.instance: value longer than 16384 characters"),
        beyond("annotation value too long", root -> annotations0(root).put("description", "d".repeat(16385)),
            "alerts[0].annotations.description: value longer than 16384 characters"),
        beyond("generatorURL too long", root -> alert0(root).put("generatorURL", "u".repeat(16385)),
            "alerts[0].generatorURL: value longer than 16384 characters"),
        beyond("groupKey too long", root -> root.put("groupKey", "g".repeat(16385)),
            "groupKey: value longer than 16384 characters"),
        beyond("empty label name", root -> labels0(root).put("", "v"), "alerts[0].labels: a name is empty"),
        beyond("unpaired surrogate in a value", root -> annotations0(root).put("summary", "high \udc00"),
            "alerts[0].annotations.summary: is not valid Unicode (unpaired surrogate)"));
  }

  @ParameterizedTest
  @MethodSource("beyondLimits")
  void rejectsAlertsBeyondTheLimitsNamingTheField(Consumer<ObjectNode> breakIt, String expectedProblem) {
    ObjectNode root = fixture("firing.json");
    breakIt.accept(root);

    AlertBatch.Rejected rejected = rejected(source, bytes(root));

    assertThat(rejected.reason()).isEqualTo(AlertBatch.Reason.INVALID_PAYLOAD);
    assertThat(rejected.problems()).containsExactly(expectedProblem);
  }

  @Test
  void countsCharactersNotUtf16Units() {
    ObjectNode root = fixture("firing.json");
    labels0(root).put("emoji", "\uD83D\uDD25".repeat(16384));

    assertThat(accepted(bytes(root)).alerts()).hasSize(1);
  }

  @Test
  void reportsEveryBreachOfConfiguredLimitsAtOnce() {
    AlertmanagerSource strict = new AlertmanagerSource(new AlertLimits(10, 3, 8, 20));

    AlertBatch.Rejected rejected = rejected(strict, Fixtures.alertmanager("firing.json"));

    assertThat(rejected.problems()).containsExactly(
        "groupKey: value longer than 20 characters",
        "externalURL: value longer than 20 characters",
        "alerts[0].labels: 5 labels, at most 3",
        "alerts[0].labels: name \"alertname\" longer than 8 characters",
        "alerts[0].annotations: name \"description\" longer than 8 characters",
        "alerts[0].annotations: name \"runbook_url\" longer than 8 characters",
        "alerts[0].annotations.summary: value longer than 20 characters",
        "alerts[0].generatorURL: value longer than 20 characters");
  }

  private static Arguments beyond(String name, Consumer<ObjectNode> breakIt, String problem) {
    return Arguments.of(Named.of(name, breakIt), problem);
  }

  private static void fill(ObjectNode map, int size) {
    for (int i = 0; map.size() < size; i++) {
      map.put("x" + i, "v");
    }
  }

  private AlertBatch.Accepted accepted(byte[] body) {
    AlertBatch batch = source.parse(body, RECEIVED, "req-1");
    assertThat(batch).isInstanceOf(AlertBatch.Accepted.class);
    return (AlertBatch.Accepted) batch;
  }

  private static AlertBatch.Rejected rejected(AlertmanagerSource source, byte[] body) {
    AlertBatch batch = source.parse(body, RECEIVED, "req-1");
    assertThat(batch).isInstanceOf(AlertBatch.Rejected.class);
    return (AlertBatch.Rejected) batch;
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

  private static ObjectNode annotations0(ObjectNode root) {
    return (ObjectNode) alert0(root).get("annotations");
  }

  private static byte[] bytes(ObjectNode root) {
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
