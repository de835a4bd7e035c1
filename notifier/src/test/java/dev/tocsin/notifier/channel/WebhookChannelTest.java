package dev.tocsin.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.RecordingWebhook.Answer;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookChannelTest {
  private static final Instant NOW = Instant.parse("2025-03-04T10:20:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordingWebhook webhook = RecordingWebhook.start();

  @AfterEach
  void stopWebhook() {
    webhook.close();
  }

  private WebhookChannel channel(URI url) {
    return new WebhookChannel(url, Duration.ofSeconds(5), CLOCK);
  }

  @Test
  void signedRequestCarriesATimestampAndAnHmacTheReceiverCanRecompute() throws Exception {
    WebhookChannel signed = new WebhookChannel(webhook.url("/hooks/sre"), Duration.ofSeconds(5), CLOCK,
        new org.apache.kafka.common.config.types.Password("whsec-31f0"));

    assertThat(signed.deliver(SampleNotifications.opened("INC-7K2M9QXD:1:sre-oncall", "INC-7K2M9QXD")))
        .isEqualTo(DeliveryOutcome.delivered(200));

    RecordingWebhook.Request request = webhook.requests().get(0);
    assertThat(request.header("X-Tocsin-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    // Recomputed here independently, as a receiver would.
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("whsec-31f0".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "HmacSHA256"));
    mac.update(("v1:" + NOW.getEpochSecond() + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String expected = "v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(request.body()));
    assertThat(request.header("X-Tocsin-Signature")).isEqualTo(expected);
    assertThat(signed.toString()).doesNotContain("whsec-31f0");
  }

  @Test
  void unsignedChannelSendsNoSignatureHeaders() {
    channel(webhook.url("/hooks/sre")).deliver(SampleNotifications.opened("INC-7K2M9QXD:1:sre-oncall", "INC-7K2M9QXD"));

    assertThat(webhook.requests().get(0).header("X-Tocsin-Signature")).isNull();
    assertThat(webhook.requests().get(0).header("X-Tocsin-Timestamp")).isNull();
  }

  @Test
  void postsTheNotificationAsJsonWithItsIdAsIdempotencyHeader() throws IOException {
    DeliveryOutcome outcome = channel(webhook.url("/hooks/sre?token=abc"))
        .deliver(SampleNotifications.opened("INC-7K2M9QXD:1:sre-oncall", "INC-7K2M9QXD"));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200));
    assertThat(webhook.requests()).hasSize(1);
    RecordingWebhook.Request request = webhook.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/sre");
    assertThat(request.query()).isEqualTo("token=abc");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("X-Tocsin-Notification-Id")).isEqualTo("INC-7K2M9QXD:1:sre-oncall");

    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("notificationId").asText()).isEqualTo("INC-7K2M9QXD:1:sre-oncall");
    assertThat(body.path("receiver").asText()).isEqualTo("sre-oncall");
    JsonNode event = body.path("event");
    assertThat(event.path("id").asText()).isEqualTo("INC-7K2M9QXD:1");
    assertThat(event.path("sequence").asLong()).isEqualTo(1);
    assertThat(event.path("type").asText()).isEqualTo("OPENED");
    assertThat(event.path("occurredAt").asText()).isEqualTo("2025-03-04T10:15:31Z");
    assertThat(event.path("message").asText()).isEqualTo("Error rate above 5% for 10 minutes");
    assertThat(event.path("severity").asText()).isEqualTo("P1");
    assertThat(event.path("status").asText()).isEqualTo("TRIGGERED");
    JsonNode incident = body.path("incident");
    assertThat(incident.path("id").asText()).isEqualTo("INC-7K2M9QXD");
    assertThat(incident.path("title").asText()).isEqualTo("HighErrorRate on checkout");
    assertThat(incident.path("severity").asText()).isEqualTo("P1");
    assertThat(incident.path("status").asText()).isEqualTo("TRIGGERED");
    assertThat(incident.path("publicStatus").asText()).isEqualTo("INVESTIGATING");
    assertThat(incident.path("openedAt").asText()).isEqualTo("2025-03-04T10:15:30Z");
    assertThat(incident.path("resolvedAt").isNull()).isTrue();
    assertThat(incident.path("alertCount").asInt()).isEqualTo(2);
    assertThat(incident.path("groupLabels").path("service").asText()).isEqualTo("checkout");
    assertThat(incident.path("groupLabels").path("alertname").asText()).isEqualTo("HighErrorRate");
  }

  @Test
  void linksTheIncidentPageInThePayloadWhenPagesAreConfigured() throws IOException {
    WebhookChannel linked = new WebhookChannel(webhook.url("/hooks/sre"), Duration.ofSeconds(5), CLOCK, null,
        IncidentLinks.under("https://tocsin.example.com/incidents"));
    Notification notification = SampleNotifications.opened("INC-7K2M9QXD:1:sre-oncall", "INC-7K2M9QXD");

    linked.deliver(notification);
    channel(webhook.url("/hooks/sre")).deliver(notification);

    assertThat(JSON.readTree(webhook.requests().get(0).body()).path("incident").path("url").asText())
        .isEqualTo("https://tocsin.example.com/incidents/INC-7K2M9QXD");
    assertThat(JSON.readTree(webhook.requests().get(1).body()).path("incident").has("url")).isFalse();
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({
      "200, DELIVERED",
      "204, DELIVERED",
      "400, PERMANENT",
      "401, PERMANENT",
      "404, PERMANENT",
      "408, RETRYABLE",
      "429, RETRYABLE",
      "500, RETRYABLE",
      "503, RETRYABLE",
      "301, PERMANENT",
  })
  void classifiesTheReceiversStatus(int status, String expected) {
    webhook.answerByDefault(Answer.status(status));

    DeliveryOutcome outcome = channel(webhook.url("/hook")).deliver(SampleNotifications.opened("n-1", "INC-1"));

    assertThat(kind(outcome)).isEqualTo(expected);
    assertThat(outcome.statusCode()).isEqualTo(OptionalInt.of(status));
  }

  @Test
  void honoursRetryAfterSecondsOnTooManyRequests() {
    webhook.answerByDefault(Answer.status(429).withHeader("Retry-After", "7"));

    DeliveryOutcome outcome = channel(webhook.url("/hook")).deliver(SampleNotifications.opened("n-1", "INC-1"));

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("webhook answered HTTP 429", 429,
        Optional.of(Duration.ofSeconds(7))));
  }

  @Test
  void readsRetryAfterAsAnHttpDate() {
    DeliveryOutcome outcome = WebhookChannel.classify(503, Optional.of("Tue, 04 Mar 2025 10:20:30 GMT"), NOW);

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("webhook answered HTTP 503", 503,
        Optional.of(Duration.ofSeconds(30))));
  }

  @Test
  void ignoresAnUnreadableRetryAfter() {
    DeliveryOutcome outcome = WebhookChannel.classify(503, Optional.of("soon"), NOW);

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("webhook answered HTTP 503", 503, Optional.empty()));
  }

  @Test
  void connectionRefusedIsRetryable() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = socket.getLocalPort();
    }

    DeliveryOutcome outcome = channel(URI.create("http://127.0.0.1:" + freePort + "/hook"))
        .deliver(SampleNotifications.opened("n-1", "INC-1"));

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("could not connect to webhook"));
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRetryable() {
    webhook.answerByDefault(Answer.status(200).after(Duration.ofSeconds(10)));
    WebhookChannel channel = new WebhookChannel(webhook.url("/hook"), Duration.ofMillis(200), CLOCK);

    DeliveryOutcome outcome = channel.deliver(SampleNotifications.opened("n-1", "INC-1"));

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("webhook did not answer within 200 ms"));
  }

  private static String kind(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return "DELIVERED";
    }
    return outcome instanceof DeliveryOutcome.Retryable ? "RETRYABLE" : "PERMANENT";
  }
}
