package dev.tocsin.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IncidentStreamsServiceTest {
  private static final IncidentStreamsConfig CONFIG = new IncidentStreamsConfig(Map.of(
      IncidentStreamsConfig.GROUP_INSTANCE_ID_CONFIG, "engine-a"));

  @Test
  void theEngineRunsExactlyOnceAndKeepsItWithHarmlessOverrides() {
    Properties props = IncidentStreamsService.streamsProperties(CONFIG, Map.of(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092", StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2",
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
        "consumer.isolation.level", "read_committed"));
    StreamsConfig streams = new StreamsConfig(props);
    assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
    assertThat(streams.getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(10L);
    assertThat(streams.getMainConsumerConfigs("g", "c", 0)).containsEntry("isolation.level", "read_committed");
    assertThat(streams.getProducerConfigs("p")).as("a transaction retried soon after CONCURRENT_TRANSACTIONS")
        .containsEntry("retry.backoff.ms", IncidentStreamsService.TRANSACTION_RETRY_BACKOFF_MS);
  }

  @Test
  void theProducersRetryBackoffCanStillBeOverridden() {
    Properties props = IncidentStreamsService.streamsProperties(CONFIG, Map.of(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092", "producer.retry.backoff.ms", "50"));
    assertThat(new StreamsConfig(props).getProducerConfigs("p")).containsEntry("retry.backoff.ms", "50");
  }

  @Test
  void theEnginesGroupGivesUpADeadMemberAfterTenSecondsUnlessSaidOtherwise() {
    Properties props = IncidentStreamsService.streamsProperties(CONFIG, Map.of(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092"));
    assertThat(new StreamsConfig(props).getMainConsumerConfigs("g", "c", 0))
        .containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_000);

    Properties overridden = IncidentStreamsService.streamsProperties(CONFIG, Map.of(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092", "session.timeout.ms", "45000"));
    assertThat(new StreamsConfig(overridden).getMainConsumerConfigs("g", "c", 0))
        .containsEntry("session.timeout.ms", "45000");
  }

  @Test
  void aRestartedEngineKeepsItsNameInTheGroupSoItTakesItsTasksBackAtOnce(@TempDir Path state) throws Exception {
    IncidentStreamsConfig config = new IncidentStreamsConfig(Map.of(IncidentStreamsConfig.STATE_DIR_CONFIG,
        state.toString()));
    Map<String, Object> kafka = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");

    Object first = new StreamsConfig(IncidentStreamsService.streamsProperties(config, kafka))
        .getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    Object again = new StreamsConfig(IncidentStreamsService.streamsProperties(config, kafka))
        .getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    String kept = Files.readString(state.resolve(IncidentStreamsConfig.GROUP_INSTANCE_ID_FILE)).strip();
    assertThat(kept).matches("engine-[0-9a-f]{8}");
    assertThat(first).as("one member per stream thread, named after the instance").isEqualTo(kept + "-1");
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aConfiguredNameWinsAndTheStreamsProtocolGoesWithout(@TempDir Path state) {
    Map<String, Object> kafka = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
    assertThat(new StreamsConfig(IncidentStreamsService.streamsProperties(CONFIG, kafka))
        .getMainConsumerConfigs("g", "c", 1)).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "engine-a-1");

    IncidentStreamsConfig generated = new IncidentStreamsConfig(Map.of(IncidentStreamsConfig.STATE_DIR_CONFIG,
        state.toString()));
    Properties streamsProtocol = IncidentStreamsService.streamsProperties(generated, Map.of(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092", StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams"));
    assertThat(streamsProtocol).doesNotContainKey(StreamsConfig.mainConsumerPrefix(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertThat(state).isEmptyDirectory();
    assertThatThrownBy(() -> new IncidentStreamsConfig(Map.of(IncidentStreamsConfig.GROUP_INSTANCE_ID_CONFIG,
        "engine a"))).isInstanceOf(ConfigException.class).hasMessageContaining("streams.group.instance.id");
  }

  @ParameterizedTest
  @CsvSource({
      "processing.guarantee, at_least_once",
      "processing.guarantee, exactly_once",
      "isolation.level, read_uncommitted",
      "consumer.isolation.level, READ_UNCOMMITTED",
      "main.consumer.isolation.level, read_uncommitted",
      "enable.idempotence, false",
      "producer.enable.idempotence, false",
  })
  void anOverrideThatWouldTakeExactlyOnceAwayIsRefusedByName(String key, String value) {
    assertThatThrownBy(() -> IncidentStreamsService.streamsProperties(CONFIG,
        Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092", key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka." + key).hasMessageContaining("exactly_once_v2");
  }
}
