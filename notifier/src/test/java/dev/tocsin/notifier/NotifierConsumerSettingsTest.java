package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Regression: a rate-limited receiver must not get the consumer thrown out of its group. */
class NotifierConsumerSettingsTest {
  @Test
  void pollIntervalCoversEveryAttemptOfEveryChannelTimingOut() {
    NotifierConfig config = new NotifierConfig(Map.of("retry.max.attempts", "5", "webhook.timeout.ms", "5000",
        "retry.max.backoff.ms", "30000"));

    Map<String, Object> properties = NotifierService.consumerProperties(config, Map.of());

    // per channel: 5 attempts x 5 s + 4 backoffs x 30 s = 145 s; four channels budgeted = 580 s
    assertThat(properties.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo(580_000);
    assertThat(properties.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)).isEqualTo(1);
  }

  @Test
  void shortRetryBudgetsKeepKafkasDefaultAndExplicitSettingsWin() {
    NotifierConfig config = new NotifierConfig(Map.of("retry.max.attempts", "1"));

    assertThat(NotifierService.consumerProperties(config, Map.of()).get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG))
        .isEqualTo(300_000);
    assertThat(NotifierService.consumerProperties(config, Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 42))
        .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo(42);
  }
}
