package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The poll thread never delivers (lanes do), so a rate-limited receiver cannot get the consumer
 * thrown out of its group; only a rebalance's wait for revoked deliveries holds it up.
 */
class NotifierConsumerSettingsTest {
  @Test
  void pollIntervalCoversTheRevokeWaitAndBatchesAreNotLimitedToOneRecord() {
    NotifierConfig config = new NotifierConfig(Map.of("retry.max.attempts", "5", "webhook.timeout.ms", "5000",
        "retry.max.backoff.ms", "30000", "notifier.revoke.timeout.ms", "240000"));

    Map<String, Object> properties = NotifierService.consumerProperties(config, Map.of());

    assertThat(properties.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo(300_000);
    assertThat(properties).doesNotContainKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
  }

  @Test
  void keepsKafkasDefaultPollIntervalAndExplicitSettingsWin() {
    NotifierConfig config = new NotifierConfig(Map.of());

    assertThat(NotifierService.consumerProperties(config, Map.of()).get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG))
        .isEqualTo(300_000);
    assertThat(NotifierService.consumerProperties(config, Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 42))
        .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)).isEqualTo(42);
  }

  @Test
  void assignsCooperativelySoARebalanceRevokesOnlyWhatMoves() {
    NotifierConfig config = new NotifierConfig(Map.of());

    assertThat(NotifierService.consumerProperties(config, Map.of())
        .get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
        .isEqualTo(List.of(CooperativeStickyAssignor.class.getName(), RangeAssignor.class.getName()));
    assertThat(NotifierService.consumerProperties(config, Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")))
        .doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
  }

  @Test
  void aDeadMemberIsGivenUpAfterTenSecondsUnlessSaidOtherwiseOrTheBrokerOwnsTheSession() {
    NotifierConfig config = new NotifierConfig(Map.of());

    assertThat(NotifierService.consumerProperties(config, Map.of()))
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    assertThat(NotifierService.consumerProperties(config, Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000)))
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000);
    assertThat(NotifierService.consumerProperties(config, Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")))
        .doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
  }

  @Test
  void staticMembershipOnlyWhenTheInstanceIsNamed() {
    assertThat(NotifierService.consumerProperties(new NotifierConfig(Map.of()), Map.of()))
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    assertThat(NotifierService.consumerProperties(new NotifierConfig(Map.of("notifier.group.instance.id",
        "notifier-1")), Map.of())).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "notifier-1");
    assertThatThrownBy(() -> new NotifierConfig(Map.of("notifier.group.instance.id", "no/slashes")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifier.group.instance.id");
  }
}
