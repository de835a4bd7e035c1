package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.ReceiverChannels.Target;
import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
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
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir
  Path directory;

  @Test
  void givesEachReceiverItsOwnIntegrationsAndOneWithoutAnyTheLog() {
    ReceiverChannels routing = ReceiverChannels.of(parse("""
        receivers:
          - name: team-a
            webhook_configs: [{url: "https://a.example.com/hook"}, {url: "https://a2.example.com/hook"}]
            slack_configs: [{api_url: "https://hooks.slack.com/services/T/B/a-s3cret"}]
            pagerduty_configs: [{routing_key: "pd-s3cret"}]
            email_configs: [{to: [a@example.com], from: t@example.com, smarthost: "localhost:25", tls: none}]
          - name: team-b
        """), TIMEOUT, IncidentLinks.none(), CLOCK);

    assertThat(routing.forReceiver("team-a")).hasValueSatisfying(targets -> {
      assertThat(targets).extracting(Target::key).containsExactly("team-a/webhook_configs[0]",
          "team-a/webhook_configs[1]", "team-a/slack_configs[0]", "team-a/pagerduty_configs[0]",
          "team-a/email_configs[0]");
      assertThat(targets).extracting(target -> target.channel().integration()).containsExactly(
          WebhookChannel.INTEGRATION, WebhookChannel.INTEGRATION, SlackWebhookChannel.INTEGRATION, PagerDutyChannel.INTEGRATION, EmailChannel.INTEGRATION);
    });
    assertThat(routing.forReceiver("team-b")).hasValueSatisfying(targets ->
        assertThat(targets).extracting(Target::key).containsExactly("team-b/log"));
    assertThat(routing.forReceiver("team-c")).isEmpty();
    assertThat(routing.toString()).contains("team-a", "slack").doesNotContain("s3cret");
  }

  @Test
  void withoutAReceiversFileEveryReceiverGetsTheConfiguredWebhookOrElseTheLog() {
    NotifierConfig config = new NotifierConfig(Map.of("webhook.url", "https://hooks.example.com/x?token=s3cret"));

    ReceiverChannels routing = ReceiverChannels.from(config, Map.of(), CLOCK);

    for (String receiver : List.of("sre-oncall", "anyone")) {
      assertThat(routing.forReceiver(receiver)).hasValueSatisfying(targets ->
          assertThat(targets).extracting(Target::key).containsExactly("webhook"));
    }
    assertThat(routing.toString()).doesNotContain("s3cret");
    assertThat(ReceiverChannels.from(new NotifierConfig(Map.of()), Map.of(), CLOCK).forReceiver("anyone"))
        .hasValueSatisfying(targets -> assertThat(targets).extracting(Target::key).containsExactly("log"));
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
        assertThat(targets).extracting(Target::key).containsExactly("ops/webhook_configs[0]"));
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
          """.formatted(stub.url("/quiet"))), TIMEOUT, IncidentLinks.none(), CLOCK);
      Target webhook = routing.forReceiver("quiet").orElseThrow().get(0);
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
          """.formatted(stub.url("/api"))), TIMEOUT, IncidentLinks.none(), CLOCK);
      List<Target> targets = routing.forReceiver("ops").orElseThrow();
      assertThat(targets).extracting(Target::key)
          .containsExactly("ops/slack_configs[0]", "ops/slack_configs[1]");
      assertThat(targets).extracting(target -> target.channel().integration())
          .containsExactly(SlackWebhookChannel.INTEGRATION, SlackApiChannel.INTEGRATION);
      assertThat(targets.get(1).channel()).isInstanceOf(ResultAware.class);
      ResultAware webApi = (ResultAware) targets.get(1).channel();

      webApi.restore(delivered("INC-AAAAAAAA", "ops"));
      webApi.restore(delivered("INC-BBBBBBBB", "another-receiver"));
      targets.get(1).channel().deliver(SampleNotifications.event("INC-AAAAAAAA", 2, IncidentEventType.ACKNOWLEDGED));
      targets.get(1).channel().deliver(SampleNotifications.event("INC-BBBBBBBB", 2, IncidentEventType.ACKNOWLEDGED));

      assertThat(stub.requests()).extracting(RecordingWebhook.Request::path)
          .containsExactly("/api/chat.update", "/api/chat.postMessage", "/api/chat.postMessage");
      assertThat(stub.requests().get(0).header("Authorization")).isEqualTo("Bearer xoxb-b0t-s3cret");
      assertThat(routing.toString()).contains("slack-api").doesNotContain("s3cret");
    }
  }

  @Test
  void buildsOnlyIntegrationsTheNotifierKnows() {
    // Rate limits are decided per known integration: a kind of target missing from the list goes unpaced.
    ReceiverChannels routing = ReceiverChannels.of(parse("""
        receivers:
          - name: every-kind
            webhook_configs: [{url: "https://a.example.com/hook"}]
            slack_configs:
              - {api_url: "https://hooks.slack.com/services/T/B/a-s3cret"}
              - {token: "xoxb-b0t-s3cret", channel: "#incidents"}
            pagerduty_configs: [{routing_key: "pd-s3cret"}]
            email_configs: [{to: [a@example.com], from: t@example.com, smarthost: "localhost:25", tls: none}]
          - name: no-integration
        """), TIMEOUT, IncidentLinks.none(), CLOCK);
    NotifierConfig withoutFile = new NotifierConfig(Map.of("webhook.url", "https://hooks.example.com/x"));

    List<Target> built = new java.util.ArrayList<>(routing.forReceiver("every-kind").orElseThrow());
    built.addAll(routing.forReceiver("no-integration").orElseThrow());
    assertThat(built).extracting(target -> target.channel().integration())
        .containsExactlyInAnyOrderElementsOf(IntegrationLabels.INTEGRATIONS);
    assertThat(ReceiverChannels.from(withoutFile, Map.of(), CLOCK).forReceiver("anyone").orElseThrow())
        .extracting(target -> target.channel().integration())
        .isSubsetOf(IntegrationLabels.INTEGRATIONS);
  }

  @Test
  void linksTheIncidentUnderTheConfiguredBaseInEveryIntegrationsMessage() throws Exception {
    // Regression: every channel was built with IncidentLinks.none(), so no message linked its incident.
    String page = "https://tocsin.example.com/incidents/INC-7K2M9QXD";
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      stub.answerByDefault(RecordingWebhook.Answer.status(200)
          .withBody("{\"ok\":true,\"channel\":\"C0INCIDNT\",\"ts\":\"1741083331.000100\"}"));
      Path file = directory.resolve("tocsin.yml");
      Files.writeString(file, """
          receivers:
            - name: ops
              webhook_configs: [{url: "%s"}]
              slack_configs:
                - {api_url: "%s"}
                - {token: "xoxb-b0t-s3cret", channel: "#incidents", api_base: "%s"}
              pagerduty_configs: [{routing_key: "pd-s3cret", url: "%s"}]
              email_configs: [{to: [sre@example.com], from: t@example.com, smarthost: "127.0.0.1:%d", tls: none}]
          """.formatted(stub.url("/hook"), stub.url("/slack-hook"), stub.url("/api"), stub.url("/pd/v2/enqueue"),
          smtp.getSmtp().getPort()));
      NotifierConfig config = new NotifierConfig(Map.of("notifier.receivers.file", file.toString(),
          "incident.url.base", "https://tocsin.example.com/incidents/"));

      for (Target target : ReceiverChannels.from(config, Map.of(), CLOCK).forReceiver("ops").orElseThrow()) {
        assertThat(target.channel().deliver(SampleNotifications.opened("INC-7K2M9QXD:1:ops", "INC-7K2M9QXD")))
            .as(target.key()).isInstanceOf(DeliveryOutcome.Delivered.class);
      }

      assertThat(stub.requests()).extracting(RecordingWebhook.Request::path)
          .containsExactly("/hook", "/slack-hook", "/api/chat.postMessage", "/pd/v2/enqueue");
      JsonNode webhook = JSON.readTree(stub.requests().get(0).body());
      assertThat(webhook.path("incident").path("url").asText()).isEqualTo(page);
      assertThat(stub.requests().get(1).bodyText()).contains("<" + page + "|INC-7K2M9QXD>");
      assertThat(stub.requests().get(2).bodyText()).contains("<" + page + "|INC-7K2M9QXD>");
      JsonNode pagerDuty = JSON.readTree(stub.requests().get(3).body());
      assertThat(pagerDuty.path("client_url").asText()).isEqualTo(page);
      assertThat(pagerDuty.path("links").get(0).path("href").asText()).isEqualTo(page);
      MimeMessage[] mails = smtp.getReceivedMessages();
      assertThat(mails).hasSize(1);
      Multipart parts = (Multipart) mails[0].getContent();
      assertThat(parts.getBodyPart(0).getContent().toString()).contains("Link:      " + page);
      assertThat(parts.getBodyPart(1).getContent().toString()).contains("<a href=\"" + page + "\">");
    } finally {
      smtp.stop();
    }
  }

  @Test
  void linksTheIncidentInTheWebhookPayloadWithoutAReceiversFile() throws IOException {
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      NotifierConfig config = new NotifierConfig(Map.of("webhook.url", stub.url("/hook").toString(),
          "incident.url.base", "https://tocsin.example.com/incidents"));
      Target webhook = ReceiverChannels.from(config, Map.of(), CLOCK).forReceiver("anyone").orElseThrow().get(0);

      webhook.channel().deliver(SampleNotifications.opened("INC-7K2M9QXD:1:anyone", "INC-7K2M9QXD"));

      assertThat(JSON.readTree(stub.requests().get(0).body()).path("incident").path("url").asText())
          .isEqualTo("https://tocsin.example.com/incidents/INC-7K2M9QXD");
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
