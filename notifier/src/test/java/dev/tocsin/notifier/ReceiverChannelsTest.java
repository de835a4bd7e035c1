package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.ReceiverChannels.Target;
import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.notifier.channel.LogChannel;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import dev.tocsin.notifier.channel.SlackWebhookChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.ResultAware;
import dev.tocsin.notifier.receiver.InvalidReceiversException;
import dev.tocsin.notifier.receiver.Receivers;
import dev.tocsin.notifier.receiver.ReceiversFile;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.SampleNotifications;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverChannelsTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir
  Path directory;

  @Test
  void givesEachReceiverTheLogAndItsOwnIntegrations() {
    ReceiverChannels routing = ReceiverChannels.of(parse("""
        receivers:
          - name: team-a
            webhook_configs: [{url: "https://a.example.com/hook"}, {url: "https://a2.example.com/hook"}]
            slack_configs: [{api_url: "https://hooks.slack.com/services/T/B/a-s3cret"}]
            pagerduty_configs: [{routing_key: "pd-s3cret"}]
            email_configs: [{to: [a@example.com], from: t@example.com, smarthost: "localhost:25", tls: none}]
          - name: team-b
        """), TIMEOUT, CLOCK);

    assertThat(routing.forReceiver("team-a")).hasValueSatisfying(targets -> {
      assertThat(targets).extracting(Target::key).containsExactly("team-a/log", "team-a/webhook_configs[0]",
          "team-a/webhook_configs[1]", "team-a/slack_configs[0]", "team-a/pagerduty_configs[0]",
          "team-a/email_configs[0]");
      assertThat(targets).extracting(target -> target.channel().integration()).containsExactly(
          LogChannel.INTEGRATION, WebhookChannel.INTEGRATION, WebhookChannel.INTEGRATION,
          SlackWebhookChannel.INTEGRATION, PagerDutyChannel.INTEGRATION, EmailChannel.INTEGRATION);
    });
    assertThat(routing.forReceiver("team-b")).hasValueSatisfying(targets ->
        assertThat(targets).extracting(Target::key).containsExactly("team-b/log"));
    assertThat(routing.forReceiver("team-c")).isEmpty();
    assertThat(routing.toString()).contains("team-a", "slack").doesNotContain("s3cret");
  }

  @Test
  void withoutAReceiversFileEveryReceiverGetsTheLogAndTheConfiguredWebhook() {
    NotifierConfig config = new NotifierConfig(Map.of("webhook.url", "https://hooks.example.com/x?token=s3cret"));

    ReceiverChannels routing = ReceiverChannels.from(config, Map.of(), CLOCK);

    for (String receiver : List.of("sre-oncall", "anyone")) {
      assertThat(routing.forReceiver(receiver)).hasValueSatisfying(targets ->
          assertThat(targets).extracting(Target::key).containsExactly("log", "webhook"));
    }
    assertThat(routing.toString()).doesNotContain("s3cret");
  }

  @Test
  void readsTheConfiguredReceiversFileWithTheGivenEnvironment() throws IOException {
    Path file = directory.resolve("tocsin.yml");
    Files.writeString(file, """
        receivers:
          - name: ops
            webhook_configs: [{url: "${OPS_URL}"}]
        """);
    NotifierConfig config = new NotifierConfig(Map.of("notifier.receivers.file", file.toString()));

    ReceiverChannels routing = ReceiverChannels.from(config, Map.of("OPS_URL", "https://ops.example.com"), CLOCK);

    assertThat(routing.forReceiver("ops")).hasValueSatisfying(targets ->
        assertThat(targets).extracting(Target::key).containsExactly("ops/log", "ops/webhook_configs[0]"));
    assertThat(routing.forReceiver("sre-oncall")).isEmpty();
  }

  @Test
  void stopsStartUpOnAnInvalidReceiversFile() throws IOException {
    Path file = directory.resolve("tocsin.yml");
    Files.writeString(file, "receivers: [{name: ops, webhook_configs: [{url: \"${OPS_URL}\"}]}]\n");
    NotifierConfig config = new NotifierConfig(Map.of("notifier.receivers.file", file.toString()));

    try {
      ReceiverChannels.from(config, Map.of(), CLOCK);
      throw new AssertionError("expected the receivers file to be rejected");
    } catch (InvalidReceiversException e) {
      assertThat(e.problems()).containsExactly(
          "receivers[0].webhook_configs[0].url: environment variable OPS_URL is not set");
    }
  }

  @Test
  void sendsToTheReceiversOwnWebhookAndSkipsResolvedWhenAsked() {
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      ReceiverChannels routing = ReceiverChannels.of(parse("""
          receivers:
            - name: quiet
              webhook_configs: [{url: "%s", send_resolved: false}]
          """.formatted(stub.url("/quiet"))), TIMEOUT, CLOCK);
      Target webhook = routing.forReceiver("quiet").orElseThrow().get(1);
      Notification opened = SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED);
      Notification resolved = SampleNotifications.event("INC-1", 2, IncidentEventType.RESOLVED);

      assertThat(webhook.channel().deliver(opened)).isInstanceOf(DeliveryOutcome.Delivered.class);
      assertThat(webhook.channel().deliver(resolved)).isEqualTo(
          DeliveryOutcome.skipped("send_resolved is false for this webhook"));
      assertThat(stub.requests()).extracting(RecordingWebhook.Request::path).containsExactly("/quiet");
    }
  }

  @Test
  void wiresSlacksWebApiFormToAChannelThatRestoresItsReceiversMessages() {
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      stub.answerByDefault(RecordingWebhook.Answer.status(200)
          .withBody("{\"ok\":true,\"channel\":\"C0INCIDNT\",\"ts\":\"1741083331.000100\"}"));
      ReceiverChannels routing = ReceiverChannels.of(parse("""
          receivers:
            - name: ops
              slack_configs:
                - {api_url: "https://hooks.slack.com/services/T/B/a-s3cret"}
                - {token: "xoxb-b0t-s3cret", channel: "#incidents", api_base: "%s"}
          """.formatted(stub.url("/api"))), TIMEOUT, CLOCK);
      List<Target> targets = routing.forReceiver("ops").orElseThrow();
      assertThat(targets).extracting(Target::key)
          .containsExactly("ops/log", "ops/slack_configs[0]", "ops/slack_configs[1]");
      assertThat(targets).extracting(target -> target.channel().integration())
          .containsExactly(LogChannel.INTEGRATION, SlackWebhookChannel.INTEGRATION, SlackApiChannel.INTEGRATION);
      assertThat(targets.get(2).channel()).isInstanceOf(ResultAware.class);
      ResultAware webApi = (ResultAware) targets.get(2).channel();

      webApi.restore(delivered("INC-AAAAAAAA", "ops"));
      webApi.restore(delivered("INC-BBBBBBBB", "another-receiver"));
      targets.get(2).channel().deliver(SampleNotifications.event("INC-AAAAAAAA", 2, IncidentEventType.ACKNOWLEDGED));
      targets.get(2).channel().deliver(SampleNotifications.event("INC-BBBBBBBB", 2, IncidentEventType.ACKNOWLEDGED));

      assertThat(stub.requests()).extracting(RecordingWebhook.Request::path)
          .containsExactly("/api/chat.update", "/api/chat.postMessage", "/api/chat.postMessage");
      assertThat(stub.requests().get(0).header("Authorization")).isEqualTo("Bearer xoxb-b0t-s3cret");
      assertThat(routing.toString()).contains("slack-api").doesNotContain("s3cret");
    }
  }

  private static DeliveryResult delivered(String incidentId, String receiver) {
    return DeliveryResult.newBuilder()
        .setNotificationId(incidentId + ":1:" + receiver)
        .setIncidentId(incidentId)
        .setEventSequence(1)
        .setReceiver(receiver)
        .setIntegration(SlackApiChannel.INTEGRATION)
        .setOutcome(dev.tocsin.avro.DeliveryOutcome.DELIVERED)
        .setCompletedAt(SampleNotifications.REQUESTED_AT)
        .setExternalId("C0INCIDNT/1741083331.000100")
        .build();
  }

  private Receivers parse(String yaml) {
    return ReceiversFile.parse(yaml, "test.yml", directory, Map.of());
  }
}
