package dev.tocsin.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackWebhookChannelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T10:20:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

  private final RecordingWebhook slack = RecordingWebhook.start();

  @AfterEach
  void stop() {
    slack.close();
  }

  private SlackWebhookChannel channel() {
    return new SlackWebhookChannel(new SlackWebhookChannel.Settings(new Password(slack.url(HOOK_PATH).toString()),
        IncidentLinks.under("https://tocsin.example.com/incidents"), Duration.ofSeconds(5)), CLOCK);
  }

  private JsonNode sent() throws IOException {
    assertThat(slack.requests()).hasSize(1);
    return JSON.readTree(slack.requests().get(0).body());
  }

  @Test
  void postsABlockKitMessageToTheWebhook() throws IOException {
    slack.answerByDefault(Answer.status(200).withBody("ok"));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-7K2M9QXD", 1,
        IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered(200));
    RecordingWebhook.Request request = slack.requests().get(0);
    assertThat(request.path()).isEqualTo(HOOK_PATH);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(sent()).isEqualTo(JSON.readTree("""
        {
          "text": "[P1] INC-7K2M9QXD HighErrorRate on checkout: Opened",
          "blocks": [
            {"type": "header",
             "text": {"type": "plain_text", "emoji": true, "text": ":red_circle: P1 · HighErrorRate on checkout"}},
            {"type": "section",
             "text": {"type": "mrkdwn", "text": "*Opened* · Error rate above 5% for 10 minutes"}}
          ],
          "attachments": [{
            "color": "#E01E5A",
            "fallback": "[P1] INC-7K2M9QXD HighErrorRate on checkout: Opened",
            "blocks": [
              {"type": "section", "fields": [
                {"type": "mrkdwn", "text": "*Status*\\nTriggered (investigating)"},
                {"type": "mrkdwn", "text": "*Severity*\\nP1"},
                {"type": "mrkdwn", "text": "*Alerts*\\n2 firing"},
                {"type": "mrkdwn", "text": "*Services*\\ncheckout"},
                {"type": "mrkdwn",
                 "text": "*Incident*\\n<https://tocsin.example.com/incidents/INC-7K2M9QXD|INC-7K2M9QXD>"},
                {"type": "mrkdwn", "text": "*Started*\\n2025-03-04 10:15 UTC"}
              ]},
              {"type": "section", "text": {"type": "mrkdwn", "text": "ALERT_LIST"}},
              {"type": "section", "text": {"type": "mrkdwn", "text":
                "*Runbooks*\\n<https://runbooks.example.com/checkout/high-error-rate|HighErrorRate>"}},
              {"type": "section", "text": {"type": "mrkdwn", "text":
                "<https://tocsin.example.com/incidents/INC-7K2M9QXD|Open INC-7K2M9QXD in Tocsin>"}}
            ]
          }]
        }
        """.replace("ALERT_LIST", "*Alerts*"
        + "\\n• *HighErrorRate on checkout-1* firing · Checkout 5xx ratio is 7.2% (threshold 5%)"
        + "\\n• *HighErrorRate on checkout-2* firing · Checkout 5xx ratio is 6.1% (threshold 5%)")));
  }

  @Test
  void escapesAlertTextSoItCannotMentionOrLink() throws IOException {
    Notification hostile = SampleNotifications.withText(
        SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED),
        "<!channel> checkout & <script>", "<@U0ADMIN> see <https://evil.example|this> & > done");

    channel().deliver(hostile);

    List<String> mrkdwn = mrkdwnTexts(sent());
    assertThat(mrkdwn).isNotEmpty().allSatisfy(text -> assertThat(text)
        .doesNotContain("<!channel>", "<@U0ADMIN>", "<https://evil", "<script>"));
    assertThat(String.join("\n", mrkdwn))
        .contains("&lt;!channel&gt; checkout &amp; &lt;script&gt;")
        .contains("&lt;@U0ADMIN&gt; see &lt;https://evil.example|this&gt; &amp; &gt; done");
    // Header text is plain_text, which Slack shows verbatim: escaping it would show "&lt;".
    assertThat(sent().path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo(":red_circle: P1 · <!channel> checkout & <script>");
  }

  @Test
  void escapesAmpersandsInLinks() {
    assertThat(SlackMessages.link(SampleNotifications.GENERATOR_URL, "graph & more")).isEqualTo(
        "<http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout&amp;g0.tab=1|graph &amp; more>");
  }

  @ParameterizedTest
  @CsvSource({"P0, #8B0000, :rotating_light:", "P1, #E01E5A, :red_circle:", "P2, #ECB22E, :large_orange_circle:",
      "P3, #439FE0, :large_yellow_circle:"})
  void coloursTheMessageBySeverity(Severity severity, String colour, String emoji) throws IOException {
    Notification notification = SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED);
    notification = Notification.newBuilder(notification)
        .setIncident(Incident.newBuilder(notification.getIncident()).setSeverity(severity).build())
        .build();

    channel().deliver(notification);

    assertThat(sent().path("attachments").get(0).path("color").asText()).isEqualTo(colour);
    assertThat(sent().path("blocks").get(0).path("text").path("text").asText()).startsWith(emoji + " " + severity);
  }

  @Test
  void showsAResolvedIncidentInGreenWithItsEnd() throws IOException {
    channel().deliver(SampleNotifications.event("INC-1", 3, IncidentEventType.RESOLVED));

    JsonNode message = sent();
    assertThat(message.path("text").asText()).isEqualTo("[P1] INC-1 HighErrorRate on checkout: Resolved");
    assertThat(message.path("attachments").get(0).path("color").asText()).isEqualTo("#2EB67D");
    assertThat(message.path("blocks").get(0).path("text").path("text").asText()).startsWith(":white_check_mark:");
    assertThat(mrkdwnTexts(message)).contains("*Status*\nResolved", "*Alerts*\n2 resolved",
        "*Resolved*\n2025-03-04 10:57 UTC");
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @CsvSource({"400, invalid_payload", "403, action_prohibited", "404, no_service", "410, channel_is_archived"})
  void reportsSlacksErrorCodeAsAPermanentFailure(int status, String code) {
    slack.answerByDefault(Answer.status(status).withBody(code));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED));

    assertThat(outcome).isEqualTo(DeliveryOutcome.permanent("Slack answered HTTP " + status + ": " + code, status));
  }

  @Test
  void doesNotQuoteABodyThatIsNotAnErrorCode() {
    slack.answerByDefault(Answer.status(502).withBody("<html><body>Bad gateway</body></html>"));

    DeliveryOutcome outcome = channel().deliver(SampleNotifications.event("INC-1", 1, IncidentEventType.OPENED));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retryable.class);
    assertThat(((DeliveryOutcome.Retryable) outcome).reason()).isEqualTo("Slack answered HTTP 502");
  }

  @Test
  void refusesAWebhookUrlThatIsNotOneWithoutQuotingIt() {
    assertThatThrownBy(() -> new SlackWebhookChannel.Settings(new Password("hooks.slack.com/services/T0/B0/s3cret"),
        IncidentLinks.none(), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Slack webhook URL must be an absolute http(s) URL with a host");
  }

  /** The top-level text and every mrkdwn text object, wherever it is. */
  private static List<String> mrkdwnTexts(JsonNode message) {
    List<String> texts = new ArrayList<>();
    texts.add(message.path("text").asText());
    collect(message, texts);
    return texts;
  }

  private static void collect(JsonNode node, List<String> texts) {
    if (node.isObject() && "mrkdwn".equals(node.path("type").asText())) {
      texts.add(node.path("text").asText());
    }
    node.forEach(child -> collect(child, texts));
  }
}
