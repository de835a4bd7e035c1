package dev.tocsin.notifier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotifierMetricsTest {

  @Test
  void scrapeNamesOutcomesRetriesDeadLettersLatencyAndLaneDepthByIntegration() {
    try (NotifierMetrics metrics = new NotifierMetrics()) {
      metrics.notification("slack", "DELIVERED");
      metrics.retries("slack", 2);
      metrics.deadLetter("webhook", NotifierMetrics.RETRIES_EXHAUSTED);
      metrics.deliveryLatency("slack", Duration.ofMillis(1500));
      metrics.laneDepth("sre/slack_configs[0]", () -> 3);

      assertThat(metrics.scrape())
          .contains("tocsin_notifications_total{integration=\"slack\",outcome=\"delivered\"} 1.0")
          .contains("tocsin_notification_retries_total{integration=\"slack\"} 2.0")
          .contains("tocsin_notification_dead_letters_total{integration=\"webhook\",reason=\"retries_exhausted\"} 1.0")
          .contains("tocsin_notification_delivery_seconds_bucket{integration=\"slack\"")
          .contains("tocsin_notification_lane_depth{lane=\"sre/slack_configs[0]\"} 3.0");
    }
  }
}
