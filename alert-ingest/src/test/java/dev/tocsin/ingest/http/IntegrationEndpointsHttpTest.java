package dev.tocsin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.CommandType;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.ingest.testing.InMemoryAlertPublisher;
import dev.tocsin.ingest.testing.InMemoryCommandPublisher;
import dev.tocsin.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every inbound protocol besides Alertmanager over real HTTP: Cloud Monitoring (Basic or URL
 * token), the generic API, Slack (signed slash commands), PagerDuty (signed webhooks v3), and the
 * metrics they leave behind.
 */
class IntegrationEndpointsHttpTest {
  private static final String TOKEN = "ingest-token-3b7e";
  private static final String CM_TOKEN = "cm-url-token-91d0";
  private static final String CM_BASIC = "gcm:cm-basic-pass-5a2f";
  private static final String SLACK_SECRET = "slack-signing-secret-8f74";
  private static final String SLACK_OLD_SECRET = "slack-old-secret-11aa";
  private static final String PD_SECRET = "pagerduty-secret-c3d4";
  private static final Instant NOW = Instant.parse("2026-11-22T10:53:05Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INCIDENT = "INC-0YZ85HCC";

  private static final InMemoryAlertPublisher ALERTS = new InMemoryAlertPublisher();
  private static final InMemoryCommandPublisher COMMANDS = new InMemoryCommandPublisher();
  private static IngestService service;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    IngestConfig config = new IngestConfig(Map.of(
        "http.host", "127.0.0.1",
        "http.port", "0",
        "ingest.tokens", TOKEN,
        "cloudmonitoring.tokens", CM_TOKEN,
        "cloudmonitoring.basic.auth", CM_BASIC,
        "slack.signing.secrets", SLACK_SECRET + "," + SLACK_OLD_SECRET,
        "pagerduty.webhook.secrets", PD_SECRET));
    service = IngestService.start(config, ALERTS, COMMANDS, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @BeforeEach
  void reset() {
    ALERTS.reset();
    COMMANDS.reset();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder post(String pathAndQuery, String contentType, byte[] body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static byte[] cloudMonitoringOpen() {
    return ("{\"version\":\"1.2\",\"incident\":{\"incident_id\":\"0.mtdi83m6w8ao\",\"scoping_project_id\":\"acme\","
        + "\"url\":\"https://console.cloud.google.com/monitoring/alerting/incidents/0.mtdi83m6w8ao\","
        + "\"started_at\":1763808785,\"ended_at\":null,\"state\":\"open\",\"summary\":\"CPU above 90%\","
        + "\"policy_name\":\"High CPU\",\"condition_name\":\"cpu > 0.9\",\"severity\":\"Critical\","
        + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"instance_id\":\"42\"}}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String hmacHex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder slack(String text, String secret, long timestamp) {
    String body = "token=unused&team_id=T1&team_domain=acme&channel_id=C1&channel_name=ops&user_id=U42"
        + "&user_name=alice&command=%2Fincident&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
        + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&trigger_id=13345224609.738474920.8088930838d";
    return signedSlack(body, secret, timestamp);
  }

  /** A slash-command request of exactly {@code body} (form-encoded already), signed. */
  private static HttpRequest.Builder signedSlack(String body, String secret, long timestamp) {
    String signature = "v0=" + hmacHex(secret, "v0:" + timestamp + ":" + body);
    return post(IngestHandler.SLACK_COMMANDS_PATH, "application/x-www-form-urlencoded",
        body.getBytes(StandardCharsets.UTF_8))
        .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
        .header("X-Slack-Signature", signature);
  }

  private static String pagerDutyEvent(String eventId, String type) {
    return "{\"event\":{\"id\":\"" + eventId + "\",\"event_type\":\"" + type + "\",\"resource_type\":\"incident\","
        + "\"occurred_at\":\"2026-11-22T10:53:00.000Z\",\"agent\":{\"id\":\"PLH1HKV\",\"type\":\"user_reference\","
        + "\"summary\":\"Jane\"},\"client\":{\"name\":\"PagerDuty\"},\"data\":{\"id\":\"PGR0VU2\",\"type\":\"incident\","
        + "\"number\":2,\"status\":\"acknowledged\",\"incident_key\":\"" + INCIDENT + "\",\"title\":\"HighErrorRate\","
        + "\"html_url\":\"https://acme.pagerduty.com/incidents/PGR0VU2\"}}}";
  }

  private static HttpRequest.Builder pagerDuty(String body, String signatureHeader) {
    HttpRequest.Builder request = post(IngestHandler.PAGERDUTY_PATH, "application/json",
        body.getBytes(StandardCharsets.UTF_8));
    return signatureHeader == null ? request : request.header("X-PagerDuty-Signature", signatureHeader);
  }

  @Test
  void cloudMonitoringIsAcceptedWithTheUrlTokenOrBasicAuth() {
    HttpResponse<String> byToken = send(post(IngestHandler.CLOUD_MONITORING_PATH + "?token=" + CM_TOKEN,
        "application/json", cloudMonitoringOpen()));
    HttpResponse<String> byBasic = send(post(IngestHandler.CLOUD_MONITORING_PATH, "application/json",
        cloudMonitoringOpen()).header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString(CM_BASIC.getBytes(StandardCharsets.UTF_8))));

    assertThat(byToken.statusCode()).as(byToken.body()).isEqualTo(200);
    assertThat(byBasic.statusCode()).as(byBasic.body()).isEqualTo(200);
    assertThat(ALERTS.published()).hasSize(2).allSatisfy(alert -> {
      assertThat(alert.getSource()).isEqualTo(AlertSource.CLOUD_MONITORING);
      assertThat(alert.getFingerprint()).isEqualTo("0.mtdi83m6w8ao");
    });
  }

  @Test
  void cloudMonitoringWithoutOrWithAWrongTokenIsUnauthorized() {
    HttpResponse<String> none = send(post(IngestHandler.CLOUD_MONITORING_PATH, "application/json",
        cloudMonitoringOpen()));
    HttpResponse<String> wrong = send(post(IngestHandler.CLOUD_MONITORING_PATH + "?token=guess", "application/json",
        cloudMonitoringOpen()));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo("{\"error\":\"unauthorized\"}");
    assertThat(ALERTS.published()).isEmpty();
  }

  @Test
  void cloudMonitoringRefusesAmbiguousCredentialsWhicheverOfThemIsValid() {
    String basic = "Basic " + Base64.getEncoder().encodeToString(CM_BASIC.getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> twoTokens = send(post(IngestHandler.CLOUD_MONITORING_PATH + "?token=" + CM_TOKEN
        + "&token=guess", "application/json", cloudMonitoringOpen()));
    HttpResponse<String> twoEqualTokens = send(post(IngestHandler.CLOUD_MONITORING_PATH + "?token=" + CM_TOKEN
        + "&t%6Fken=" + CM_TOKEN, "application/json", cloudMonitoringOpen()));
    HttpResponse<String> twoHeaders = send(post(IngestHandler.CLOUD_MONITORING_PATH, "application/json",
        cloudMonitoringOpen()).header("Authorization", basic).header("Authorization", "Basic Z3Vlc3M6Z3Vlc3M="));
    HttpResponse<String> headerAndToken = send(post(IngestHandler.CLOUD_MONITORING_PATH + "?token=" + CM_TOKEN,
        "application/json", cloudMonitoringOpen()).header("Authorization", basic));

    assertThat(List.of(twoTokens, twoEqualTokens, twoHeaders, headerAndToken)).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\"}");
    });
    assertThat(ALERTS.published()).isEmpty();
  }

  @Test
  void genericApiTakesOneOrManyAlertsWithTheBearerToken() {
    String body = "[{\"name\":\"QueueBacklog\",\"severity\":\"high\",\"labels\":{\"service\":\"billing\"}},"
        + "{\"name\":\"QueueBacklog\",\"status\":\"resolved\",\"labels\":{\"service\":\"ledger\"},"
        + "\"dedupKey\":\"ledger-backlog\"}]";
    HttpResponse<String> response = send(post(IngestHandler.GENERIC_PATH, "application/json",
        body.getBytes(StandardCharsets.UTF_8)).header("Authorization", "Bearer " + TOKEN));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(ALERTS.published()).hasSize(2);
    assertThat(ALERTS.published().get(1).getFingerprint()).isEqualTo("ledger-backlog");
    assertThat(ALERTS.published()).allSatisfy(a -> assertThat(a.getSource()).isEqualTo(AlertSource.GENERIC));
  }

  @Test
  void genericApiRejectsAnInvalidAlertNamingTheField() {
    HttpResponse<String> response = send(post(IngestHandler.GENERIC_PATH, "application/json",
        "{\"status\":\"exploding\"}".getBytes(StandardCharsets.UTF_8)).header("Authorization", "Bearer " + TOKEN));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("status");
    assertThat(ALERTS.published()).isEmpty();
  }

  @Test
  void signedSlashCommandBecomesACommandAndAnEphemeralReply() throws Exception {
    HttpResponse<String> response = send(slack("ack " + INCIDENT, SLACK_SECRET, NOW.getEpochSecond()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(reply.get("text").asText()).contains(INCIDENT);
    assertThat(COMMANDS.published()).singleElement().satisfies(command -> {
      assertThat(command.getType()).isEqualTo(CommandType.ACKNOWLEDGE);
      assertThat(command.getIncidentId()).isEqualTo(INCIDENT);
      assertThat(command.getActor().getId()).isEqualTo("U42");
      assertThat(command.getOrigin()).isEqualTo("slack");
    });
  }

  @Test
  void signedSlashSilenceEndsTheDurationAfterTheServicesClock() throws Exception {
    HttpResponse<String> response = send(slack("silence " + INCIDENT + " 1h30m deploy", SLACK_SECRET,
        NOW.getEpochSecond()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("text").asText()).startsWith("Silenced the alert group of");
    assertThat(COMMANDS.published()).singleElement().satisfies(command -> {
      assertThat(command.getType()).isEqualTo(CommandType.SILENCE);
      assertThat(command.getIncidentId()).isEqualTo(INCIDENT);
      assertThat(command.getUntil()).isEqualTo(NOW.plusSeconds(90 * 60));
      assertThat(command.getMessage()).isEqualTo("deploy");
    });
  }

  @Test
  void slackSignedWithTheOldSecretDuringRotationIsAccepted() {
    assertThat(send(slack("ack " + INCIDENT, SLACK_OLD_SECRET, NOW.getEpochSecond())).statusCode()).isEqualTo(200);
    assertThat(COMMANDS.published()).hasSize(1);
  }

  @Test
  void slackWithABadSignatureOrAStaleTimestampIsRefused() {
    HttpResponse<String> forged = send(slack("ack " + INCIDENT, "not-the-secret", NOW.getEpochSecond()));
    HttpResponse<String> replayed = send(slack("ack " + INCIDENT, SLACK_SECRET, NOW.getEpochSecond() - 600));
    HttpResponse<String> future = send(slack("ack " + INCIDENT, SLACK_SECRET, NOW.getEpochSecond() + 600));

    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(future.statusCode()).isEqualTo(401);
    assertThat(COMMANDS.published()).isEmpty();
  }

  @Test
  void signedEndpointsRefuseACompressedBodyAsTheSignatureCoversTheBytesSent() {
    HttpResponse<String> slack = send(slack("ack " + INCIDENT, SLACK_SECRET, NOW.getEpochSecond())
        .header("Content-Encoding", "gzip"));
    String event = pagerDutyEvent("01DEN2QFWOL5ZV", "incident.acknowledged");
    HttpResponse<String> pagerDuty = send(pagerDuty(event, "v1=" + hmacHex(PD_SECRET, event))
        .header("Content-Encoding", "gzip"));

    assertThat(slack.statusCode()).isEqualTo(415);
    assertThat(slack.body()).isEqualTo("{\"error\":\"unsupported content encoding \\\"gzip\\\": expected identity\"}");
    assertThat(pagerDuty.statusCode()).isEqualTo(415);
    assertThat(COMMANDS.published()).isEmpty();
  }

  @Test
  void slackTextThatIsNotUtf8IsRefusedWithAnEphemeralReplyAndNothingPublished() throws Exception {
    // "déploy" in Latin-1: decoded as UTF-8 with a replacement character, this once resolved the incident.
    String body = "team_id=T1&channel_id=C1&user_id=U42&user_name=alice&command=%2Fincident"
        + "&text=resolve+" + INCIDENT + "+d%E9ploy&trigger_id=13345224609.738474920.8088930839d";

    HttpResponse<String> response = send(signedSlack(body, SLACK_SECRET, NOW.getEpochSecond()));
    HttpResponse<String> metrics = send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + service.port() + IngestHandler.METRICS_PATH)).GET());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(reply.get("text").asText()).isEqualTo(
        "Tocsin could not read that request, so nothing was done: \"text\" is not valid UTF-8.");
    assertThat(COMMANDS.published()).isEmpty();
    assertThat(metrics.body()).contains("tocsin_commands_rejected_total{origin=\"slack\",reason=\"not_utf8\"} 1.0");
  }

  @Test
  void slackWithABadSignatureIsRefusedBeforeItsEncodingIsLookedAt() {
    String body = "user_id=U42&command=%2Fincident&text=ack+" + INCIDENT + "+%FF";

    HttpResponse<String> response = send(signedSlack(body, "forged-" + SLACK_SECRET, NOW.getEpochSecond()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(COMMANDS.published()).isEmpty();
  }

  @Test
  void slackHelpRepliesWithoutPublishing() throws Exception {
    HttpResponse<String> response = send(slack("help", SLACK_SECRET, NOW.getEpochSecond()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("text").asText()).contains("ack");
    assertThat(COMMANDS.published()).isEmpty();
  }

  @Test
  void slackCommandWhenKafkaIsDownTellsTheUserNothingChanged() throws Exception {
    COMMANDS.failing(true);

    HttpResponse<String> response = send(slack("resolve " + INCIDENT, SLACK_SECRET, NOW.getEpochSecond()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("text").asText()).contains("nothing changed");
  }

  @Test
  void slackCommandStillGetsAnAnswerWithinSlacksDeadlineWhenKafkaHangs() throws Exception {
    COMMANDS.hanging(true);

    HttpResponse<String> response = send(slack("ack " + INCIDENT, SLACK_SECRET, NOW.getEpochSecond()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("text").asText()).contains("could not confirm");
  }

  @Test
  void signedPagerDutyAcknowledgementBecomesACommandOnceEvenWhenRedelivered() {
    String body = pagerDutyEvent("01DEN2QFWOL5ZT", "incident.acknowledged");
    String signature = "v1=" + hmacHex("rotated-away", body) + ",v1=" + hmacHex(PD_SECRET, body);

    HttpResponse<String> first = send(pagerDuty(body, signature));
    HttpResponse<String> redelivered = send(pagerDuty(body, signature));

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(redelivered.statusCode()).isEqualTo(202);
    assertThat(redelivered.body()).contains("duplicate");
    assertThat(COMMANDS.published()).singleElement().satisfies(command -> {
      assertThat(command.getType()).isEqualTo(CommandType.ACKNOWLEDGE);
      assertThat(command.getIncidentId()).isEqualTo(INCIDENT);
      assertThat(command.getOrigin()).isEqualTo("pagerduty");
    });
  }

  @Test
  void pagerDutyWithAMismatchedSignatureIsRetriedLaterNotDropped() {
    String body = pagerDutyEvent("01DEN2QFWOL5ZU", "incident.resolved");

    HttpResponse<String> mismatch = send(pagerDuty(body, "v1=" + hmacHex("not-yet-configured", body)));
    HttpResponse<String> unsigned = send(pagerDuty(body, null));

    // 5xx: PagerDuty retries for 48 h; a 4xx would count towards disabling the subscription.
    assertThat(mismatch.statusCode()).isEqualTo(503);
    assertThat(mismatch.headers().firstValue("Retry-After")).isPresent();
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(COMMANDS.published()).isEmpty();
  }

  @Test
  void metricsCountWhatWasReceivedAndRejectedWithoutAnySecret() {
    send(post(IngestHandler.ALERTMANAGER_PATH, "application/json", Fixtures.alertmanager("firing-critical.json"))
        .header("Authorization", "Bearer " + TOKEN));
    send(post(IngestHandler.ALERTMANAGER_PATH, "application/json", Fixtures.alertmanager("firing-critical.json"))
        .header("Authorization", "Bearer wrong-" + TOKEN));
    send(slack("ack " + INCIDENT, "forged-" + SLACK_SECRET, NOW.getEpochSecond()));

    HttpResponse<String> metrics = send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + service.port() + IngestHandler.METRICS_PATH)).GET());

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("tocsin_alerts_received_total{source=\"alertmanager\"}")
        .contains("tocsin_alerts_rejected_total{reason=\"unauthorized\",source=\"alertmanager\"}")
        .contains("tocsin_commands_rejected_total{origin=\"slack\",reason=\"signature_mismatch\"}")
        .contains("tocsin_ingest_request_seconds_bucket")
        .doesNotContain(TOKEN, CM_TOKEN, CM_BASIC, SLACK_SECRET, SLACK_OLD_SECRET, PD_SECRET);
  }
}
