package dev.tocsin.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Severity;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.RecordingWebhook.Answer;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PagerDutyChannelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T10:20:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUTING_KEY = "e93facc04764012d7bfb002500d5d1a6";
  private static final String ACCEPTED =
      "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"INC-7K2M9QXD\"}";

  private final RecordingWebhook pagerDuty = RecordingWebhook.start();

  @AfterEach
  void stop() {
    pagerDuty.close();
  }

  private PagerDutyChannel channel() {
    return channel(pagerDuty.url(""));
  }

  private static PagerDutyChannel channel(URI base) {
    return new PagerDutyChannel(new PagerDutyChannel.Settings(base, new Password(ROUTING_KEY),
        IncidentLinks.under("https://tocsin.example.com/incidents/"), Duration.ofSeconds(5)), CLOCK);
  }

  private JsonNode sent() throws IOException {
    assertThat(pagerDuty.requests()).hasSize(1);
    return JSON.readTree(pagerDuty.requests().get(0).body());
  }

  @Test
  void triggersWithTheEventsApiV2Body() throws IOException {
    pagerDuty.answerByDefault(Answer.status(202).withBody(ACCEPTED));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-7K2M9QXD", 1,
        IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(202, "INC-7K2M9QXD"));
    RecordingWebhook.Request request = pagerDuty.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v2/enqueue");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isNull();
    assertThat(sent()).isEqualTo(JSON.readTree("""
        {
          "routing_key": "e93facc04764012d7bfb002500d5d1a6",
          "event_action": "trigger",
          "dedup_key": "INC-7K2M9QXD",
          "payload": {
            "summary": "INC-7K2M9QXD HighErrorRate on checkout",
            "source": "checkout",
            "severity": "critical",
            "timestamp": "2025-03-04T10:15:31Z",
            "component": "checkout",
            "class": "HighErrorRate",
            "custom_details": {
              "incident_id": "INC-7K2M9QXD",
              "incident_url": "https://tocsin.example.com/incidents/INC-7K2M9QXD",
              "title": "HighErrorRate on checkout",
              "priority": "P1",
              "status": "Triggered (investigating)",
              "event": "Opened",
              "message": "Error rate above 5% for 10 minutes",
              "opened_at": "2025-03-04T10:15:30Z",
              "alerts_firing": 2,
              "group_labels": {"alertname": "HighErrorRate", "service": "checkout"},
              "alerts": [
                {
                  "fingerprint": "0123456789abcdef",
                  "status": "FIRING",
                  "summary": "Checkout 5xx ratio is 7.2% (threshold 5%)",
                  "starts_at": "2025-03-04T10:15:30Z",
                  "labels": {"alertname": "HighErrorRate", "instance": "checkout-1", "service": "checkout"}
                },
                {
                  "fingerprint": "fedcba9876543210",
                  "status": "FIRING",
                  "summary": "Checkout 5xx ratio is 6.1% (threshold 5%)",
                  "starts_at": "2025-03-04T10:15:30Z",
                  "labels": {"alertname": "HighErrorRate", "instance": "checkout-2", "service": "checkout"}
                }
              ]
            }
          },
          "links": [
            {"href": "https://tocsin.example.com/incidents/INC-7K2M9QXD", "text": "Incident INC-7K2M9QXD"},
            {"href": "https://runbooks.example.com/checkout/high-error-rate", "text": "Runbook: HighErrorRate"},
            {"href": "http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout&g0.tab=1",
             "text": "Source: HighErrorRate"}
          ],
          "client": "Tocsin",
          "client_url": "https://tocsin.example.com/incidents/INC-7K2M9QXD"
        }
        """));
  }

  @ParameterizedTest
  @EnumSource(names = {"OPENED", "ESCALATED", "REOPENED"})
  void triggersOnOpeningEscalationAndReopening(IncidentEventType type) throws IOException {
    pagerDuty.answerByDefault(Answer.status(202).withBody(ACCEPTED));

    channel().deliver(SampleNotifications.event("INC-7K2M9QXD", 4, type));

    assertThat(sent().path("event_action").asText()).isEqualTo("trigger");
    assertThat(sent().path("dedup_key").asText()).isEqualTo("INC-7K2M9QXD");
  }

  @ParameterizedTest
  @CsvSource({"ACKNOWLEDGED, acknowledge", "RESOLVED, resolve"})
  void acknowledgesAndResolvesByDedupKeyAlone(IncidentEventType type, String action) throws IOException {
    pagerDuty.answerByDefault(Answer.status(202).withBody(ACCEPTED));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-7K2M9QXD", 3, type));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(202, "INC-7K2M9QXD"));
    assertThat(sent()).isEqualTo(JSON.readTree("{\"routing_key\":\"" + ROUTING_KEY + "\",\"event_action\":\""
        + action + "\",\"dedup_key\":\"INC-7K2M9QXD\"}"));
  }

  @ParameterizedTest
  @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = {"OPENED", "ESCALATED", "REOPENED", "ACKNOWLEDGED", "RESOLVED"})
  void skipsEventsPagerDutyHasNoActionFor(IncidentEventType type) {
    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-7K2M9QXD", 2, type));

    assertThat(outcome).isEqualTo(DeliveryOutcome.skipped("PagerDuty has no event action for " + type + " events"));
    assertThat(pagerDuty.requests()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"P0, critical", "P1, critical", "P2, error", "P3, warning"})
  void mapsPriorityToPagerDutySeverity(Severity priority, String severity) throws IOException {
    Notification notification = SampleNotifications.event("INC-7K2M9QXD", 1, IncidentEventType.OPENED);
    notification = Notification.newBuilder(notification)
        .setIncident(Incident.newBuilder(notification.getIncident()).setSeverity(priority).build())
        .build();

    channel().deliver(notification);

    assertThat(sent().path("payload").path("severity").asText()).isEqualTo(severity);
  }

  @Test
  void cutsTheSummaryToPagerDutysLimitWithoutSplittingACharacter() throws IOException {
    // 2 + 1 + 1020 characters, then an emoji of two UTF-16 units straddling the limit.
    String title = "x".repeat(1020) + "\uD83D\uDD25 and more";
    channel().deliver(SampleNotifications.withText(
        SampleNotifications.event("IN", 1, IncidentEventType.OPENED), title, "summary"));

    String summary = sent().path("payload").path("summary").asText();
    assertThat(summary.codePointCount(0, summary.length())).isEqualTo(1024);
    assertThat(summary).startsWith("IN xxx").endsWith("x…");
  }

  @Test
  void putsLineBreaksOfTheTitleOnOneLine() throws IOException {
    channel().deliver(SampleNotifications.withText(
        SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED), "Disk full\r\non db-1", "summary"));

    assertThat(sent().path("payload").path("summary").asText()).isEqualTo("INC-1 Disk full on db-1");
  }

  @Test
  void fallsBackToTheDedupKeySentWhenTheAnswerHasNone() {
    pagerDuty.answerByDefault(Answer.status(202));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-7K2M9QXD", 1,
        IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(202, "INC-7K2M9QXD"));
  }

  @Test
  void explainsARefusedEventWithPagerDutysMessage() {
    pagerDuty.answerByDefault(Answer.status(400).withBody("""
        {"status":"Unrecognized object","message":"Event object format is unrecognized","errors":["JSON parse error"]}
        """));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanent(
        "PagerDuty answered HTTP 400: Event object format is unrecognized (JSON parse error)", 400));
  }

  @Test
  void keepsABasePathInFrontOfTheEndpoint() {
    channel(pagerDuty.url("/pagerduty-proxy/")).deliver(
        SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED));

    assertThat(pagerDuty.requests().get(0).path()).isEqualTo("/pagerduty-proxy/v2/enqueue");
  }

  @Test
  void hidesTheRoutingKeyWhenPrinted() {
    PagerDutyChannel channel = channel();

    assertThat(channel.toString()).doesNotContain(ROUTING_KEY).contains("[hidden]");
    assertThat(new PagerDutyChannel.Settings(URI.create("https://events.pagerduty.com"), new Password(ROUTING_KEY),
        IncidentLinks.none(), Duration.ofSeconds(1)).toString()).doesNotContain(ROUTING_KEY);
  }
}
