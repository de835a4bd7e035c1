package dev.tocsin.notifier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.notifier.metrics.NotifierMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NotifierHttpTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void servesMetricsAndHealth() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (NotifierMetrics metrics = new NotifierMetrics();
        NotifierHttp http = NotifierHttp.start("127.0.0.1", 0, metrics, () -> true, ready::get)) {
      metrics.notification("slack", "DELIVERED");
      metrics.retries("slack", 2);
      metrics.deadLetter("webhook", NotifierMetrics.RETRIES_EXHAUSTED);
      metrics.deliveryLatency("slack", Duration.ofMillis(1500));
      metrics.laneDepth("sre/slack_configs[0]", () -> 3);

      HttpResponse<String> scrape = get(http, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("tocsin_notifications_total{integration=\"slack\",outcome=\"delivered\"} 1.0")
          .contains("tocsin_notification_retries_total{integration=\"slack\"} 2.0")
          .contains("tocsin_notification_dead_letters_total{integration=\"webhook\",reason=\"retries_exhausted\"} 1.0")
          .contains("tocsin_notification_delivery_seconds_bucket{integration=\"slack\"")
          .contains("tocsin_notification_lane_depth{lane=\"sre/slack_configs[0]\"} 3.0");
      assertThat(get(http, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(http, "/health/ready").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(http, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(http, "/nope").statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> get(NotifierHttp http, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
