package dev.tocsin.incidents;

import dev.tocsin.incidents.metrics.IncidentMetrics;
import dev.tocsin.incidents.topology.IncidentTopology;
import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.GroupMembership;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the incident engine's Kafka Streams application with exactly-once processing. */
public final class IncidentStreamsService implements AutoCloseable {
  /** The stream thread's producer retries this soon (Kafka's default is 100 ms); see {@link #streamsProperties}. */
  static final long TRANSACTION_RETRY_BACKOFF_MS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(IncidentStreamsService.class);

  private final KafkaStreams streams;
  private final IncidentMetrics metrics;

  private IncidentStreamsService(KafkaStreams streams, IncidentMetrics metrics) {
    this.streams = streams;
    this.metrics = metrics;
  }

  /**
   * Builds the topology and starts it.
   *
   * @param kafkaClientProperties {@code bootstrap.servers} and pass-through Kafka Streams settings
   * @param serdeConfig registry settings for state store serdes
   */
  public static IncidentStreamsService start(IncidentStreamsConfig config, Map<String, Object> kafkaClientProperties,
      Topics topics, Map<String, ?> serdeConfig) {
    IncidentMetrics metrics = new IncidentMetrics();
    var topology = IncidentTopology.build(config.engineConfig(System.getenv()), config.dedupRetention(), topics,
        serdeConfig, metrics);
    UncheckpointedState.drop(Path.of(config.stateDir()), config.applicationId());
    KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config, kafkaClientProperties));
    metrics.bind(streams);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> LOG.info("incident streams {} -> {}", before, now));
    streams.start();
    return new IncidentStreamsService(streams, metrics);
  }

  /**
   * The Streams properties the service runs with: exactly-once, dead letters, then pass-through
   * overrides.
   *
   * @throws ConfigException when an override would take exactly-once away (a processing
   *     guarantee other than {@code exactly_once_v2}, a consumer reading uncommitted records, a
   *     producer without idempotence): incidents opened twice and pages sent twice are what the
   *     engine exists to prevent
   */
  public static Properties streamsProperties(IncidentStreamsConfig config, Map<String, Object> kafkaClientProperties) {
    refuseWeakerThanExactlyOnce(kafkaClientProperties);
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, TopicNames.DEAD_LETTERS);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProductionHandler.class);
    // The global stores (incident index, silences) skip a record they cannot process, too.
    // (By its name: the constant is deprecated ahead of this becoming the default in Kafka 5.0.)
    props.put("processing.exception.handler.global.enabled", true);
    // A stream thread blocks in poll this long when nothing is buffered, and only then commits what
    // it processed: Kafka's 100 ms showed as the alert-to-page p99 of a quiet engine (PromptCommits).
    props.put(StreamsConfig.POLL_MS_CONFIG, 10L);
    // A commit that starts while the broker still writes the previous transaction's markers is
    // answered CONCURRENT_TRANSACTIONS and retried after retry.backoff.ms: Kafka's 100 ms stalled
    // the stream thread in sendOffsetsToTransaction and flush (a flight recording at 20 alerts/s:
    // ~110 ms waits there), and was the alert-to-page p99 of a quiet engine (182 ms; 93 ms with 10).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), TRANSACTION_RETRY_BACKOFF_MS);
    props.putAll(kafkaClientProperties);
    // A restarted engine takes its tasks back seconds after it starts, not after Kafka's 45 s.
    if (!kafkaClientProperties.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)
        && !kafkaClientProperties.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
      GroupMembership.apply(props, StreamsConfig.MAIN_CONSUMER_PREFIX);
    }
    // ... and without waiting even that when it keeps its name: static membership.
    if (!props.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
        && !props.containsKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
        && !"streams".equalsIgnoreCase(String.valueOf(props.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)).strip())) {
      String name = config.groupInstanceId().orElseGet(() -> GroupMembership.instanceId(
          Path.of(config.stateDir(), IncidentStreamsConfig.GROUP_INSTANCE_ID_FILE), "engine"));
      // Kafka Streams names each stream thread's member after it: <name>-<thread index>.
      props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), name);
    }
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  private static void refuseWeakerThanExactlyOnce(Map<String, Object> overrides) {
    overrides.forEach((key, value) -> {
      String text = String.valueOf(value).trim();
      boolean weaker = key.equals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)
          ? !text.equals(StreamsConfig.EXACTLY_ONCE_V2)
          : key.endsWith(ConsumerConfig.ISOLATION_LEVEL_CONFIG)
              ? !text.equalsIgnoreCase("read_committed")
              : key.endsWith(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) && !text.equalsIgnoreCase("true");
      if (weaker) {
        throw new ConfigException("kafka." + key, value, "the engine runs exactly_once_v2 only; remove this "
            + "override (it would let a restart open an incident twice or page twice)");
      }
    });
  }

  /** True while the application processes (or is rebalancing to). */
  public boolean running() {
    return streams.state().isRunningOrRebalancing();
  }

  /** The engine's figures, for {@code /metrics}. */
  public IncidentMetrics metrics() {
    return metrics;
  }

  /** False once the application has failed or stopped for good (liveness). */
  public boolean live() {
    KafkaStreams.State state = streams.state();
    return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
        && state != KafkaStreams.State.PENDING_ERROR;
  }

  /** True while the application processes, not while it restores or rebalances (readiness). */
  public boolean ready() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The underlying state, for readiness checks. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops without leaving the group, as a process killed with {@code kill -9} does: the group keeps
   * the member until its session expires ({@link dev.tocsin.schemas.config.GroupMembership}). For
   * tests of what a restart after a crash waits for.
   */
  public void abandon() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    metrics.close();
  }

  @Override
  public void close() {
    // Leave the group: otherwise the next start waits out the old member's session (45 s by default).
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    metrics.close();
  }
}
