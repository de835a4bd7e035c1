package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.DeliveryExecutor;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.delivery.RetrySchedule;
import dev.tocsin.notifier.support.LogCapture;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.RecordingWebhook.Answer;
import dev.tocsin.notifier.support.SampleNotifications;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The webhook URL is a secret: no outcome, delivery result, config error or log line may reveal it. */
class WebhookSecretLeakTest {
  private static final String TOKEN = "xoxb-S3CRET-T0KEN";
  private static final String PATH_SECRET = "T0PSECRETPATH";
  private final Clock clock = Clock.systemUTC();

  @Test
  void webhookUrlNeverAppearsInOutcomesResultsOrLogs() throws IOException, InterruptedException {
    List<String> texts = new ArrayList<>();
    Notification notification = SampleNotifications.opened("n-secret", "INC-1");
    DeliveryExecutor executor = new DeliveryExecutor(new RetrySchedule(2, Duration.ofMillis(1),
        Duration.ofMillis(1)), clock);
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME);
        RecordingWebhook webhook = RecordingWebhook.start()) {
      URI url = webhook.url("/hooks/" + PATH_SECRET + "?token=" + TOKEN);
      List<WebhookChannel> channels = List.of(
          new WebhookChannel(url, Duration.ofSeconds(5), clock),
          new WebhookChannel(refusedUrl(), Duration.ofSeconds(5), clock),
          new WebhookChannel(url, Duration.ofMillis(100), clock));
      for (int status : new int[] {200, 204, 301, 400, 401, 404, 408, 429, 500, 503}) {
        webhook.answerByDefault(Answer.status(status).withHeader("Retry-After", "0"));
        texts.addAll(deliver(executor, channels.get(0), notification));
      }
      texts.addAll(deliver(executor, channels.get(1), notification));
      webhook.answerByDefault(Answer.status(200).after(Duration.ofSeconds(5)));
      texts.addAll(deliver(executor, channels.get(2), notification));
      channels.forEach(channel -> texts.add(channel.toString()));
      texts.addAll(logs.lines());
    }

    assertThat(String.join("\n", texts)).contains("webhook answered HTTP 503", "could not connect to webhook",
        "webhook did not answer within 100 ms", "retrying in");
    assertThat(texts).allSatisfy(text -> assertThat(text)
        .doesNotContain(TOKEN)
        .doesNotContain(PATH_SECRET));
  }

  @Test
  void webhookUrlNeverAppearsInConfigurationOutput() {
    try (LogCapture logs = LogCapture.of(Logger.ROOT_LOGGER_NAME)) {
      NotifierConfig config = new NotifierConfig(Map.of("webhook.url",
          "https://hooks.example/" + PATH_SECRET + "?token=" + TOKEN));

      assertThat(config.values().toString()).doesNotContain(TOKEN).doesNotContain(PATH_SECRET);
      assertThat(logs.lines()).allSatisfy(line -> assertThat(line).doesNotContain(TOKEN).doesNotContain(PATH_SECRET));
    }
  }

  private static List<String> deliver(DeliveryExecutor executor, WebhookChannel channel, Notification notification)
      throws InterruptedException {
    DeliveryReport report = executor.execute(channel, notification);
    DeliveryResult result = DeliveryResults.of(notification, channel.integration(), report);
    List<String> texts = new ArrayList<>();
    texts.add(report.toString());
    texts.add(result.toString());
    texts.add(report.outcome().reason());
    return texts;
  }

  private static URI refusedUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hooks/" + PATH_SECRET + "?token=" + TOKEN);
    }
  }
}
