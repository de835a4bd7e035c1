package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import dev.tocsin.notifier.channel.SlackWebhookChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.DeliveryExecutor;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.notifier.delivery.RetrySchedule;
import dev.tocsin.notifier.support.LogCapture;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;

/**
 * The contract every HTTP channel keeps: one status table (2xx delivered; 408, 429 and 5xx
 * retryable; other 4xx and 3xx permanent), {@code Retry-After} honoured, transport failures
 * retryable, and no secret (webhook URL, Slack URL, Slack bot token, PagerDuty routing key) in any
 * outcome, delivery result, {@code toString} or log line, even when the receiver echoes it back.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("channels")
class HttpChannelContractTest {
  private static final Instant NOW = Instant.parse("2025-03-04T10:20:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Notification NOTIFICATION =
      SampleNotifications.event("INC-7K2M9QXD", 1, IncidentEventType.OPENED);

  private static final String WEBHOOK_PATH_SECRET = "T0PSECRETPATH";
  private static final String WEBHOOK_TOKEN = "whk-S3CRET-T0KEN";
  private static final String SLACK_TEAM = "T0SECRET01";
  private static final String SLACK_BOT = "B0SECRET02";
  private static final String SLACK_TOKEN = "sl4cks3crett0kenabcdefgh";
  private static final String ROUTING_KEY = "r0ut1ngk3ys3cret0000000000000000";
  /** Lower case without dashes, it looks just like one of Slack's error codes. */
  private static final String SLACK_BOT_TOKEN = "xoxbs3cretb0tt0kenabcdefgh";

  /**
   * One HTTP channel as the contract sees it.
   *
   * @param factory builds the channel against a receiver at {@code base} (scheme, host and port)
   * @param label how its reasons name the receiver
   * @param successStatus and {@code successBody}: what the vendor answers on success
   * @param contentType the request's {@code Content-Type}
   * @param echoingErrorBody an error body quoting the secret in the most tempting way
   * @param secrets every secret, and fragment of one, that must never be shown
   */
  record HttpChannel(String name, BiFunction<URI, Duration, NotificationChannel> factory, String label,
      int successStatus, String successBody, String contentType, String echoingErrorBody, List<String> secrets) {
    NotificationChannel create(URI base, Duration timeout) {
      return factory.apply(base, timeout);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<HttpChannel> channels() {
    return Stream.of(
        new HttpChannel("webhook",
            (base, timeout) -> new WebhookChannel(
                base.resolve("/hooks/" + WEBHOOK_PATH_SECRET + "?token=" + WEBHOOK_TOKEN), timeout, CLOCK),
            "webhook", 200, "", "application/json", "bad token " + WEBHOOK_TOKEN,
            List.of(WEBHOOK_PATH_SECRET, WEBHOOK_TOKEN)),
        new HttpChannel("slack",
            (base, timeout) -> new SlackWebhookChannel(new SlackWebhookChannel.Settings(
                new Password(base + "/services/" + SLACK_TEAM + "/" + SLACK_BOT + "/" + SLACK_TOKEN),
                IncidentLinks.under("https://tocsin.example.com/incidents"), timeout), CLOCK),
            // A lower-case token looks just like one of Slack's error codes.
            "Slack", 200, "ok", "application/json", SLACK_TOKEN, List.of(SLACK_TEAM, SLACK_BOT, SLACK_TOKEN)),
        new HttpChannel("slack-api",
            (base, timeout) -> new SlackApiChannel(new SlackApiChannel.Settings(new Password(SLACK_BOT_TOKEN),
                "#incidents", URI.create(base + "/api"), IncidentLinks.under("https://tocsin.example.com/incidents"),
                timeout, Optional.empty()), CLOCK),
            "Slack API", 200, "{\"ok\":true,\"channel\":\"C0INCIDNT\",\"ts\":\"1741083331.000100\"}",
            "application/json; charset=utf-8", "{\"ok\":false,\"error\":\"" + SLACK_BOT_TOKEN + "\"}",
            List.of(SLACK_BOT_TOKEN)),
        new HttpChannel("pagerduty",
            (base, timeout) -> new PagerDutyChannel(new PagerDutyChannel.Settings(base, new Password(ROUTING_KEY),
                IncidentLinks.under("https://tocsin.example.com/incidents"), timeout), CLOCK),
            "PagerDuty", 202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"INC-7K2M9QXD\"}",
            "application/json",
            "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Invalid routing key "
                + ROUTING_KEY + "\"]}",
            List.of(ROUTING_KEY)));
  }

  private final HttpChannel subject;
  private final RecordingWebhook receiver = RecordingWebhook.start();

  HttpChannelContractTest(HttpChannel subject) {
    this.subject = subject;
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private URI base() {
    return receiver.url("");
  }

  private DeliveryOutcome deliverAnswering(Answer answer) {
    receiver.answerByDefault(answer);
    return subject.create(base(), TIMEOUT).deliver(NOTIFICATION);
  }

  @Test
  void deliversOnTheVendorsSuccessAnswer() {
    DeliveryOutcome outcome = deliverAnswering(Answer.status(subject.successStatus()).withBody(subject.successBody()));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(outcome.statusCode()).isEqualTo(OptionalInt.of(subject.successStatus()));
    assertThat(receiver.requests()).hasSize(1);
    assertThat(receiver.requests().get(0).method()).isEqualTo("POST");
    assertThat(receiver.requests().get(0).header("Content-Type")).isEqualTo(subject.contentType());
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({
      "400, PERMANENT",
      "401, PERMANENT",
      "403, PERMANENT",
      "404, PERMANENT",
      "410, PERMANENT",
      "413, PERMANENT",
      "301, PERMANENT",
      "408, RETRYABLE",
      "429, RETRYABLE",
      "500, RETRYABLE",
      "502, RETRYABLE",
      "503, RETRYABLE",
      "504, RETRYABLE",
  })
  void classifiesTheStatusTheSameWay(int status, String expected) {
    DeliveryOutcome outcome = deliverAnswering(Answer.status(status));

    assertThat(kind(outcome)).isEqualTo(expected);
    assertThat(outcome.statusCode()).isEqualTo(OptionalInt.of(status));
    assertThat(outcome.reason()).startsWith(subject.label() + " answered HTTP " + status);
  }

  @Test
  void honoursRetryAfterInSeconds() {
    DeliveryOutcome outcome = deliverAnswering(Answer.status(429).withHeader("Retry-After", "7"));

    assertThat(((DeliveryOutcome.Retryable) outcome).retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void honoursRetryAfterAsAnHttpDate() {
    DeliveryOutcome outcome = deliverAnswering(Answer.status(503)
        .withHeader("Retry-After", "Tue, 04 Mar 2025 10:20:30 GMT"));

    assertThat(((DeliveryOutcome.Retryable) outcome).retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void aRefusedConnectionIsRetryable() throws IOException {
    DeliveryOutcome outcome = subject.create(refusingBase(), TIMEOUT).deliver(NOTIFICATION);

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable("could not connect to " + subject.label()));
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRetryable() {
    receiver.answerByDefault(Answer.status(subject.successStatus()).after(Duration.ofSeconds(3)));

    DeliveryOutcome outcome = subject.create(base(), Duration.ofMillis(200)).deliver(NOTIFICATION);

    assertThat(outcome).isEqualTo(DeliveryOutcome.retryable(subject.label() + " did not answer within 200 ms"));
  }

  @Test
  void noSecretReachesAnOutcomeResultToStringOrLogLine() throws IOException, InterruptedException {
    List<String> texts = new ArrayList<>();
    DeliveryExecutor executor = new DeliveryExecutor(new RetrySchedule(2, Duration.ofMillis(1),
        Duration.ofMillis(1)), CLOCK);
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME)) {
      NotificationChannel channel = subject.create(base(), TIMEOUT);
      texts.add(channel.toString());
      texts.addAll(deliver(executor, channel, Answer.status(subject.successStatus()).withBody(subject.successBody())));
      for (int status : new int[] {301, 400, 401, 403, 404, 408, 410, 429, 500, 503}) {
        texts.addAll(deliver(executor, channel, Answer.status(status).withHeader("Retry-After", "0")
            .withBody(subject.echoingErrorBody())));
      }
      NotificationChannel refused = subject.create(refusingBase(), TIMEOUT);
      texts.add(refused.toString());
      texts.addAll(deliver(executor, refused, Answer.status(200)));
      NotificationChannel impatient = subject.create(base(), Duration.ofMillis(100));
      texts.addAll(deliver(executor, impatient, Answer.status(200).after(Duration.ofSeconds(2))));
      texts.addAll(logs.lines());
    }

    assertThat(String.join("\n", texts)).contains(subject.label() + " answered HTTP 503", "could not connect to",
        "did not answer within 100 ms", "retrying in");
    for (String secret : subject.secrets()) {
      assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContainIgnoringCase(secret));
    }
  }

  private List<String> deliver(DeliveryExecutor executor, NotificationChannel channel, Answer answer)
      throws InterruptedException {
    receiver.answerByDefault(answer);
    DeliveryReport report = executor.execute(channel, NOTIFICATION);
    DeliveryResult result = DeliveryResults.of(NOTIFICATION, channel.integration(), report);
    return List.of(report.toString(), result.toString(), report.outcome().reason());
  }

  private static URI refusingBase() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  private static String kind(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return "DELIVERED";
    }
    return outcome instanceof DeliveryOutcome.Retryable ? "RETRYABLE" : "PERMANENT";
  }
}
