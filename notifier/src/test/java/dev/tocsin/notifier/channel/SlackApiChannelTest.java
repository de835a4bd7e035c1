package dev.tocsin.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryExecutor;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.delivery.RetrySchedule;
import dev.tocsin.notifier.support.LogCapture;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.RecordingWebhook.Answer;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.notifier.support.SlackWebApiFormat;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;

class SlackApiChannelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T10:20:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "xoxb-1111111111-2222222222-s3cretB0tT0ken";
  private static final String INCIDENT = "INC-7K2M9QXD";
  private static final String CHANNEL_ID = "C0INCIDNT";
  private static final String TS = "1741083331.000100";
  private static final String SECOND_TS = "1741083999.000200";

  private final RecordingWebhook slack = RecordingWebhook.start();

  @AfterEach
  void stop() {
    slack.close();
  }

  private SlackApiChannel channel() {
    return channel("#incidents");
  }

  private SlackApiChannel channel(String target) {
    return new SlackApiChannel(settings(target, slack.url("/api")), CLOCK);
  }

  private static SlackApiChannel.Settings settings(String target, URI apiBase) {
    return new SlackApiChannel.Settings(new Password(TOKEN), target, apiBase,
        IncidentLinks.under("https://tocsin.example.com/incidents"), Duration.ofSeconds(5), Optional.of("sre-oncall"));
  }

  private static Answer ok(String ts) {
    return Answer.status(200).withBody("{\"ok\":true,\"channel\":\"" + CHANNEL_ID + "\",\"ts\":\"" + ts
        + "\",\"message\":{\"text\":\"...\"}}");
  }

  private static Answer error(String code) {
    return Answer.status(200).withBody("{\"ok\":false,\"error\":\"" + code + "\"}");
  }

  private static Notification event(long sequence, IncidentEventType type) {
    return SampleNotifications.event(INCIDENT, sequence, type);
  }

  private List<JsonNode> bodies() throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (RecordingWebhook.Request request : slack.requests()) {
      assertThat(SlackWebApiFormat.problems(request, TOKEN)).as(request.path() + " " + request.bodyText()).isEmpty();
      bodies.add(JSON.readTree(request.body()));
    }
    return bodies;
  }

  private List<String> paths() {
    return slack.requests().stream().map(RecordingWebhook.Request::path).toList();
  }

  private static List<String> actionIds(JsonNode message) {
    List<String> ids = new ArrayList<>();
    message.path("blocks").forEach(block -> block.path("elements").forEach(element -> {
      if (element.has("action_id")) {
        ids.add(element.path("action_id").asText());
      }
    }));
    return ids;
  }

  @Test
  void postsTheIncidentMessageWithButtonsOnTheFirstEvent() throws IOException {
    slack.answerByDefault(ok(TS));

    DeliveryOutcome outcome = channel().deliver(event(1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + TS));
    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH);
    JsonNode message = bodies().get(0);
    assertThat(message.path("channel").asText()).isEqualTo("#incidents");
    assertThat(message.has("thread_ts")).isFalse();
    assertThat(message.path("text").asText()).isEqualTo("[P1] INC-7K2M9QXD HighErrorRate on checkout: Opened");
    JsonNode actions = message.path("blocks").get(2);
    assertThat(JSON.writeValueAsString(actions)).isEqualTo(JSON.writeValueAsString(JSON.readTree("""
        {"type": "actions", "block_id": "incident_actions", "elements": [
          {"type": "button", "action_id": "incident_acknowledge",
           "text": {"type": "plain_text", "text": "Acknowledge"}, "value": "INC-7K2M9QXD", "style": "primary"},
          {"type": "button", "action_id": "incident_resolve",
           "text": {"type": "plain_text", "text": "Resolve"}, "value": "INC-7K2M9QXD"}
        ]}
        """)));
    // Everything but the channel and the buttons is the webhook's message.
    ObjectNode rest = message.deepCopy();
    rest.remove("channel");
    ((ArrayNode) rest.get("blocks")).remove(2);
    assertThat(rest).isEqualTo(SlackMessages.render(event(1, IncidentEventType.OPENED),
        IncidentLinks.under("https://tocsin.example.com/incidents")));
  }

  @Test
  void linksTheIncidentPageInItsMessage() {
    slack.answerByDefault(ok(TS));

    channel().deliver(event(1, IncidentEventType.OPENED));

    assertThat(slack.requests()).singleElement().satisfies(request -> assertThat(request.bodyText())
        .contains("<https://tocsin.example.com/incidents/INC-7K2M9QXD|INC-7K2M9QXD>"));
  }

  @Test
  void updatesTheMessageAndRepliesInItsThreadOnLaterEvents() throws IOException {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    channel.deliver(event(1, IncidentEventType.OPENED));

    DeliveryOutcome outcome = channel.deliver(event(2, IncidentEventType.ACKNOWLEDGED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + TS));
    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH,
        SlackWebApiFormat.POST_PATH);
    JsonNode update = bodies().get(1);
    assertThat(update.path("channel").asText()).isEqualTo(CHANNEL_ID);
    assertThat(update.path("ts").asText()).isEqualTo(TS);
    assertThat(update.path("text").asText()).endsWith(": Acknowledged by jane");
    assertThat(actionIds(update)).as("acknowledged: only Resolve is left").containsExactly("incident_resolve");
    JsonNode reply = bodies().get(2);
    assertThat(reply.path("channel").asText()).isEqualTo(CHANNEL_ID);
    assertThat(reply.path("thread_ts").asText()).isEqualTo(TS);
    assertThat(reply.path("text").asText()).isEqualTo(
        "*Acknowledged by jane* · Looking into it\nAcknowledged (identified) · P1 · alerts: 2 firing");
  }

  @Test
  void describesEachKindOfEventInTheThread() throws IOException {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    channel.deliver(event(1, IncidentEventType.OPENED));

    channel.deliver(event(2, IncidentEventType.UPDATE_POSTED));
    channel.deliver(event(3, IncidentEventType.ESCALATED));

    List<JsonNode> bodies = bodies();
    assertThat(bodies.get(2).path("text").asText()).startsWith("*Update posted* · Rollback of checkout v2.31");
    assertThat(bodies.get(4).path("text").asText()).startsWith("*Escalated* · ");
    assertThat(actionIds(bodies.get(3))).containsExactly("incident_acknowledge", "incident_resolve");
  }

  @Test
  void resolutionUpdatesTheMessageWithoutButtonsInTheResolvedColourAndRepliesInTheThread() throws IOException {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    channel.deliver(event(1, IncidentEventType.OPENED));

    DeliveryOutcome outcome = channel.deliver(event(3, IncidentEventType.RESOLVED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + TS));
    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH,
        SlackWebApiFormat.POST_PATH);
    JsonNode update = bodies().get(1);
    assertThat(actionIds(update)).isEmpty();
    assertThat(update.path("blocks"))
        .allSatisfy(block -> assertThat(block.path("type").asText()).isNotEqualTo("actions"));
    assertThat(update.path("attachments").get(0).path("color").asText()).isEqualTo(SlackMessages.RESOLVED_COLOUR);
    assertThat(bodies().get(2).path("text").asText()).startsWith("*Resolved* · Error rate back below 1%")
        .contains("Resolved · P1 · alerts: 2 resolved");
  }

  @ParameterizedTest(name = "{0} answering {1} is {2}")
  @CsvSource({
      "chat.postMessage, ratelimited, RETRYABLE",
      "chat.postMessage, internal_error, RETRYABLE",
      "chat.postMessage, fatal_error, RETRYABLE",
      "chat.postMessage, service_unavailable, RETRYABLE",
      "chat.postMessage, request_timeout, RETRYABLE",
      "chat.postMessage, invalid_auth, PERMANENT",
      "chat.postMessage, not_authed, PERMANENT",
      "chat.postMessage, account_inactive, PERMANENT",
      "chat.postMessage, token_revoked, PERMANENT",
      "chat.postMessage, channel_not_found, PERMANENT",
      "chat.postMessage, not_in_channel, PERMANENT",
      "chat.postMessage, is_archived, PERMANENT",
      "chat.postMessage, msg_too_long, PERMANENT",
      "chat.postMessage, invalid_blocks, PERMANENT",
      "chat.postMessage, missing_scope, PERMANENT",
      "chat.postMessage, no_permission, PERMANENT",
      "chat.postMessage, message_not_found, PERMANENT",
      "chat.postMessage, something_slack_adds_later, PERMANENT",
      "chat.update, ratelimited, RETRYABLE",
      "chat.update, internal_error, RETRYABLE",
      "chat.update, service_unavailable, RETRYABLE",
      "chat.update, invalid_auth, PERMANENT",
      "chat.update, channel_not_found, PERMANENT",
      "chat.update, cant_update_message, PERMANENT",
      "chat.update, edit_window_closed, PERMANENT",
      "chat.update, invalid_blocks, PERMANENT",
      "chat.update, something_slack_adds_later, PERMANENT",
  })
  void classifiesSlacksErrorAnswers(String method, String code, String expected) {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    Notification notification = event(1, IncidentEventType.OPENED);
    if (method.equals(SlackApiChannel.UPDATE)) {
      channel.deliver(notification);
      notification = event(2, IncidentEventType.ACKNOWLEDGED);
    }
    slack.script(notification.getNotificationId(), error(code));

    DeliveryOutcome outcome = channel.deliver(notification);

    assertThat(outcome).isInstanceOf(expected.equals("RETRYABLE") ? DeliveryOutcome.Retryable.class
        : DeliveryOutcome.Permanent.class);
    assertThat(outcome.statusCode()).isEqualTo(OptionalInt.of(200));
    assertThat(outcome.reason()).startsWith("Slack API " + method + " failed: " + code);
    assertThat(slack.requests()).last().satisfies(request -> assertThat(request.path()).isEqualTo("/api/" + method));
  }

  @Test
  void ratelimitedHonoursRetryAfter() {
    slack.answerByDefault(error("ratelimited").withHeader("Retry-After", "30"));

    DeliveryOutcome outcome = channel().deliver(event(1, IncidentEventType.OPENED));

    assertThat(((DeliveryOutcome.Retryable) outcome).retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void http429WithRetryAfterIsRetryableAfterThatLong() {
    slack.answerByDefault(Answer.status(429).withHeader("Retry-After", "12").withBody("{\"ok\":false,"
        + "\"error\":\"ratelimited\"}"));

    DeliveryOutcome outcome = channel().deliver(event(1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("Slack API answered HTTP 429: ratelimited", 429,
        Optional.of(Duration.ofSeconds(12))));
  }

  @Test
  void namesTheUsualFixInTheReason() {
    slack.answerByDefault(error("not_in_channel"));

    DeliveryOutcome outcome = channel().deliver(event(1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanent(
        "Slack API chat.postMessage failed: not_in_channel (invite the app to the channel)", 200));
  }

  @Test
  void anAnswerThatIsNotTheWebApisIsPermanent() {
    slack.answerByDefault(Answer.status(200).withBody("<html>captive portal</html>"));

    DeliveryOutcome outcome = channel().deliver(event(1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanent("Slack API answered chat.postMessage with HTTP 200 "
        + "but not with a Web API answer (is the API base right?)", 200));
  }

  @Test
  void aDeletedMessageIsReplacedByANewOneThatLaterEventsUpdate() throws IOException {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    channel.deliver(event(1, IncidentEventType.OPENED));
    Notification acknowledged = event(2, IncidentEventType.ACKNOWLEDGED);
    slack.script(acknowledged.getNotificationId(), error("message_not_found"), ok(SECOND_TS));

    DeliveryOutcome outcome = channel.deliver(acknowledged);
    slack.answerByDefault(ok(SECOND_TS));
    channel.deliver(event(3, IncidentEventType.RESOLVED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + SECOND_TS));
    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH,
        SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH, SlackWebApiFormat.POST_PATH);
    List<JsonNode> bodies = bodies();
    JsonNode replacement = bodies.get(2);
    assertThat(replacement.path("channel").asText()).isEqualTo("#incidents");
    assertThat(replacement.has("thread_ts")).isFalse();
    assertThat(actionIds(replacement)).containsExactly("incident_resolve");
    assertThat(bodies.get(3).path("ts").asText()).isEqualTo(SECOND_TS);
    assertThat(bodies.get(4).path("thread_ts").asText()).isEqualTo(SECOND_TS);
  }

  @Test
  void aFailedThreadReplyIsRetriedWithoutPostingASecondMessage() {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    channel.deliver(event(1, IncidentEventType.OPENED));
    Notification acknowledged = event(2, IncidentEventType.ACKNOWLEDGED);
    slack.script(acknowledged.getNotificationId(), ok(TS), error("internal_error"));

    DeliveryOutcome first = channel.deliver(acknowledged);
    DeliveryOutcome second = channel.deliver(acknowledged);

    assertThat(first).isInstanceOf(DeliveryOutcome.Retryable.class);
    assertThat(second).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + TS));
    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH,
        SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH, SlackWebApiFormat.POST_PATH);
  }

  @Test
  void aLateOlderEventDoesNotRollTheMessageBack() {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    channel.deliver(event(1, IncidentEventType.OPENED));
    channel.deliver(event(3, IncidentEventType.RESOLVED));

    DeliveryOutcome outcome = channel.deliver(event(2, IncidentEventType.ACKNOWLEDGED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + TS));
    assertThat(paths()).endsWith(SlackWebApiFormat.UPDATE_PATH, SlackWebApiFormat.POST_PATH,
        SlackWebApiFormat.POST_PATH);
  }

  @Test
  void restoringADeliveredResultMakesTheNextNotificationUpdateThatMessage() throws IOException {
    slack.answerByDefault(ok(TS));
    SlackApiChannel restarted = channel();

    restarted.restore(result(SlackApiChannel.INTEGRATION, dev.tocsin.avro.DeliveryOutcome.DELIVERED, "sre-oncall",
        CHANNEL_ID + "/" + TS));
    DeliveryOutcome outcome = restarted.deliver(event(2, IncidentEventType.ACKNOWLEDGED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200, CHANNEL_ID + "/" + TS));
    assertThat(paths()).containsExactly(SlackWebApiFormat.UPDATE_PATH, SlackWebApiFormat.POST_PATH);
    assertThat(bodies().get(0).path("ts").asText()).isEqualTo(TS);
    assertThat(bodies().get(1).path("thread_ts").asText()).isEqualTo(TS);
  }

  @Test
  void theLatestRestoredResultWins() throws IOException {
    slack.answerByDefault(ok(SECOND_TS));
    SlackApiChannel restarted = channel();

    restarted.restore(result(SlackApiChannel.INTEGRATION, dev.tocsin.avro.DeliveryOutcome.DELIVERED, "sre-oncall",
        CHANNEL_ID + "/" + TS));
    restarted.restore(result(SlackApiChannel.INTEGRATION, dev.tocsin.avro.DeliveryOutcome.DELIVERED, "sre-oncall",
        CHANNEL_ID + "/" + SECOND_TS));
    restarted.deliver(event(3, IncidentEventType.RESOLVED));

    assertThat(bodies().get(0).path("ts").asText()).isEqualTo(SECOND_TS);
  }

  @ParameterizedTest(name = "{0} {1} for {2}: {3}")
  @CsvSource({
      "slack, DELIVERED, sre-oncall, C0INCIDNT/1741083331.000100",
      "slack-api, PERMANENT_FAILURE, sre-oncall, C0INCIDNT/1741083331.000100",
      "slack-api, DELIVERED, team-checkout, C0INCIDNT/1741083331.000100",
      "slack-api, DELIVERED, sre-oncall, ",
      "slack-api, DELIVERED, sre-oncall, not-a-message-id",
      "slack-api, DELIVERED, sre-oncall, C0INCIDNT/",
  })
  void ignoresResultsThatDoNotNameOneOfItsMessages(String integration, dev.tocsin.avro.DeliveryOutcome outcome,
      String receiver, String externalId) {
    slack.answerByDefault(ok(TS));
    SlackApiChannel restarted = channel();

    restarted.restore(result(integration, outcome, receiver, externalId));
    restarted.deliver(event(2, IncidentEventType.ACKNOWLEDGED));

    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH);
  }

  @Test
  void configuredByChannelIdIgnoresResultsOfOtherChannels() {
    slack.answerByDefault(ok(TS));
    SlackApiChannel restarted = channel("C0OTHERCH");

    restarted.restore(result(SlackApiChannel.INTEGRATION, dev.tocsin.avro.DeliveryOutcome.DELIVERED, "sre-oncall",
        CHANNEL_ID + "/" + TS));
    restarted.deliver(event(2, IncidentEventType.ACKNOWLEDGED));

    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH);
  }

  @Test
  void forgetsTheLeastRecentlyUsedIncidentBeyondItsCapacity() {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = new SlackApiChannel(settings("#incidents", slack.url("/api")), CLOCK, 1);
    channel.deliver(SampleNotifications.event("INC-AAAAAAAA", 1, IncidentEventType.OPENED));
    channel.deliver(SampleNotifications.event("INC-BBBBBBBB", 1, IncidentEventType.OPENED));

    channel.deliver(SampleNotifications.event("INC-AAAAAAAA", 2, IncidentEventType.ACKNOWLEDGED));
    channel.deliver(SampleNotifications.event("INC-AAAAAAAA", 3, IncidentEventType.RESOLVED));

    assertThat(paths()).containsExactly(SlackWebApiFormat.POST_PATH, SlackWebApiFormat.POST_PATH,
        SlackWebApiFormat.POST_PATH, SlackWebApiFormat.UPDATE_PATH, SlackWebApiFormat.POST_PATH);
  }

  @Test
  void escapesHostileAlertTextInTheMessageAndTheThread() throws IOException {
    slack.answerByDefault(ok(TS));
    SlackApiChannel channel = channel();
    Notification opened = SampleNotifications.withText(event(1, IncidentEventType.OPENED),
        "<!channel> checkout & <script>", "<@U0ADMIN> see <https://evil.example|this> & > done");
    Notification update = event(2, IncidentEventType.UPDATE_POSTED);
    update = Notification.newBuilder(update)
        .setEvent(IncidentEvent.newBuilder(update.getEvent()).setMessage("<!here> rolled back & <#C0GENERAL>").build())
        .build();

    channel.deliver(opened);
    channel.deliver(SampleNotifications.withText(update, "<!channel> checkout & <script>", "<@U0ADMIN>"));

    List<String> mrkdwn = new ArrayList<>();
    bodies().forEach(body -> mrkdwnTexts(body, mrkdwn));
    assertThat(mrkdwn).hasSizeGreaterThan(10).allSatisfy(text -> assertThat(text)
        .doesNotContain("<!channel>", "<!here>", "<@U0ADMIN>", "<#C0GENERAL>", "<https://evil", "<script>"));
    assertThat(String.join("\n", mrkdwn))
        .contains("&lt;!channel&gt; checkout &amp; &lt;script&gt;")
        .contains("&lt;@U0ADMIN&gt; see &lt;https://evil.example|this&gt; &amp; &gt; done")
        .contains("*Update posted* · &lt;!here&gt; rolled back &amp; &lt;#C0GENERAL&gt;");
  }

  @Test
  void theTokenNeverReachesAReasonLogLineOrException() throws InterruptedException, IOException {
    // The second token looks just like one of Slack's error codes, the most tempting thing to quote.
    String codeLikeToken = "xoxbs3cretb0tt0kenabcdefgh";
    List<String> texts = new ArrayList<>();
    DeliveryExecutor executor = new DeliveryExecutor(new RetrySchedule(2, Duration.ofMillis(1),
        Duration.ofMillis(1)), CLOCK);
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME)) {
      for (String token : List.of(TOKEN, codeLikeToken)) {
        SlackApiChannel.Settings settings = new SlackApiChannel.Settings(new Password(token), "#incidents",
            slack.url("/api"), IncidentLinks.none(), Duration.ofSeconds(5), Optional.empty());
        SlackApiChannel channel = new SlackApiChannel(settings, CLOCK);
        texts.add(channel.toString());
        texts.add(settings.toString());
        String echo = "{\"ok\":false,\"error\":\"" + token + "\",\"token\":\"" + token + "\"}";
        for (Answer answer : List.of(ok(TS), Answer.status(200).withBody(echo), Answer.status(401).withBody(echo),
            Answer.status(500).withBody(echo), Answer.status(429).withHeader("Retry-After", "0").withBody(echo),
            error("invalid_auth"), error("ratelimited").withHeader("Retry-After", "0"),
            error("message_not_found"))) {
          slack.answerByDefault(answer);
          for (long sequence = 1; sequence <= 2; sequence++) {
            DeliveryReport report = executor.execute(channel, event(sequence, sequence == 1
                ? IncidentEventType.OPENED : IncidentEventType.ACKNOWLEDGED));
            texts.add(report.toString());
            texts.add(report.outcome().reason());
          }
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
          closedPort = socket.getLocalPort();
        }
        SlackApiChannel refused = new SlackApiChannel(new SlackApiChannel.Settings(new Password(token),
            "#incidents", URI.create("http://127.0.0.1:" + closedPort + "/api"), IncidentLinks.none(),
            Duration.ofSeconds(5), Optional.empty()), CLOCK);
        texts.add(refused.deliver(event(1, IncidentEventType.OPENED)).reason());
        for (String badToken : List.of(token + " trailing", token + "\r\nX-Injected: 1")) {
          assertThatThrownBy(() -> new SlackApiChannel.Settings(new Password(badToken), "#incidents",
              slack.url("/api"), IncidentLinks.none(), Duration.ofSeconds(1), Optional.empty()))
              .isInstanceOf(IllegalArgumentException.class)
              .satisfies(e -> texts.add(e.toString()));
        }
      }
      texts.addAll(logs.lines());
    }

    assertThat(String.join("\n", texts)).contains("Slack API answered HTTP 401", "could not connect to Slack API",
        "Slack API chat.postMessage failed: [hidden]", "Slack API answered HTTP 500: [hidden]",
        "is gone (message_not_found); posting a new one", "retrying in");
    for (String secret : List.of(TOKEN, "s3cretB0tT0ken", codeLikeToken)) {
      assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContainIgnoringCase(secret));
    }
  }

  @Test
  void refusesAChannelOrApiBaseThatCannotBeOne() {
    assertThatThrownBy(() -> settings("# incidents", slack.url("/api")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without spaces");
    assertThatThrownBy(() -> settings("#incidents", URI.create("slack.com/api")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute http(s) URL");
    assertThat(settings("#incidents", URI.create("https://slack.example.com/api/")).apiBase())
        .isEqualTo(URI.create("https://slack.example.com/api"));
  }

  private static DeliveryResult result(String integration, dev.tocsin.avro.DeliveryOutcome outcome, String receiver,
      String externalId) {
    return DeliveryResult.newBuilder()
        .setNotificationId(INCIDENT + ":1:" + receiver)
        .setIncidentId(INCIDENT)
        .setEventSequence(1)
        .setReceiver(receiver)
        .setIntegration(integration)
        .setOutcome(outcome)
        .setCompletedAt(SampleNotifications.REQUESTED_AT)
        .setStatusCode(200)
        .setExternalId(externalId)
        .build();
  }

  private static void mrkdwnTexts(JsonNode node, List<String> texts) {
    if (node.isObject() && node.has("channel")) {
      texts.add(node.path("text").asText());
    }
    if (node.isObject() && "mrkdwn".equals(node.path("type").asText())) {
      texts.add(node.path("text").asText());
    }
    node.forEach(child -> mrkdwnTexts(child, texts));
  }
}
