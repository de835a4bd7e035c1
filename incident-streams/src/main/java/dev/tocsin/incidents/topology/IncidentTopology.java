package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEngineState;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Silence;
import dev.tocsin.incidents.config.EngineConfig;
import dev.tocsin.incidents.domain.CommandAdmission;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the incident engine's topology. Alerts are deduplicated by fingerprint and keyed by route
 * group (an alert may join several groups through {@code continue}); commands and delivery
 * results are keyed by their incident's group through a global index of incidents; all three meet,
 * repartitioned by group, in one stateful step that runs the lifecycle and the notification
 * policy and writes incidents, timeline events, notifications and silences. Tests build the very
 * same topology.
 */
public final class IncidentTopology {
  /** Last alert state passed on, per fingerprint. */
  public static final String DEDUP_STORE = "alert-dedup";
  /**
   * Latest incident and its notification bookkeeping, per group key; its alerts are kept apart,
   * in {@link #INCIDENT_ALERT_STORE}.
   */
  public static final String INCIDENT_STORE = "incident-engine-state";
  /** The alerts of each group's latest incident: group key, NUL, arrival number, NUL, fingerprint. */
  public static final String INCIDENT_ALERT_STORE = "incident-alerts";
  /** Incidents whose snapshot is due on the incidents topic, by id, with their group key. */
  public static final String PENDING_SNAPSHOT_STORE = "incident-snapshots-due";
  /**
   * The group's earlier incidents, the last {@value EngineProcessor#EARLIER_PER_GROUP} of each group,
   * under group key, NUL and incident id: delivery results that arrive after the group opened a
   * newer incident still reach the older one's timeline.
   */
  public static final String EARLIER_INCIDENT_STORE = "earlier-incident-state";
  /** One timer per group: due time and group key → group key. */
  public static final String TIMER_STORE = "incident-timers";
  /** Global: every incident by id, from the incidents topic (routes commands; inhibition sources). */
  public static final String INCIDENT_INDEX_STORE = "incident-index";
  /** Global: every silence by id, from the silences topic. */
  public static final String SILENCE_STORE = "silences";
  /** Group key prefix of manual incidents; the rest is the CREATE command's id. */
  public static final String MANUAL_GROUP_PREFIX = CommandAdmission.MANUAL_GROUP_PREFIX;

  private IncidentTopology() {
  }

  /**
   * @param config the engine's behaviour (routes, severity, escalation, silences, inhibition)
   * @param dedupRetention how long an alert state is remembered for deduplication
   * @param topics the typed topics
   * @param serdeConfig registry settings for the state stores' serdes
   */
  public static Topology build(EngineConfig config, Duration dedupRetention, Topics topics,
      Map<String, ?> serdeConfig) {
    return build(config, dedupRetention, topics, serdeConfig, EngineMetrics.NONE);
  }

  /** As {@link #build(EngineConfig, Duration, Topics, Map)}, reporting to {@code metrics}. */
  public static Topology build(EngineConfig config, Duration dedupRetention, Topics topics,
      Map<String, ?> serdeConfig, EngineMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    // Cached: a key changed several times between two commits (a group's incident as its alerts
    // arrive, a fingerprint's state) is written to RocksDB and its changelog once per commit.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUP_STORE),
        Serdes.String(), Topics.valueSerde(Alert.class, serdeConfig)).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE),
        Serdes.String(), Topics.valueSerde(IncidentEngineState.class, serdeConfig)).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_ALERT_STORE),
        Serdes.String(), Topics.valueSerde(IncidentAlert.class, serdeConfig)).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_SNAPSHOT_STORE),
        Serdes.String(), Serdes.String()).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EARLIER_INCIDENT_STORE),
        Serdes.String(), Topics.valueSerde(IncidentEngineState.class, serdeConfig)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE),
        Serdes.String(), Serdes.String()).withCachingEnabled());
    TopicSpec<String, Incident> incidentsTopic = topics.incidents();
    // Bytes as they are on the topic: readers decode what they look up (IncidentIndex).
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_INDEX_STORE),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        incidentsTopic.name(), Consumed.with(incidentsTopic.keySerde(), Serdes.ByteArray())
            .withName("incident-index-source"),
        () -> new GlobalStoreUpdater<byte[]>(INCIDENT_INDEX_STORE));
    TopicSpec<String, Silence> silencesTopic = topics.silences();
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SILENCE_STORE),
            Serdes.String(), silencesTopic.valueSerde()).withLoggingDisabled(),
        silencesTopic.name(), Consumed.with(silencesTopic.keySerde(), silencesTopic.valueSerde())
            .withName("silences-source"),
        () -> new GlobalStoreUpdater<Silence>(SILENCE_STORE));

    TopicSpec<String, Alert> alerts = topics.alerts();
    KStream<String, SpecificRecord> alertsByGroup = builder
        .stream(alerts.name(), Consumed.with(alerts.keySerde(), alerts.valueSerde()).withName("alerts"))
        .process(() -> new DedupProcessor(dedupRetention), Named.as("dedup"), DEDUP_STORE)
        .process(() -> new RouteAlerts(config.routes()), Named.as("route-alerts"));

    TopicSpec<String, IncidentCommand> commandsTopic = topics.incidentCommands();
    TopicSpec<String, DeliveryResult> resultsTopic = topics.notificationResults();
    KStream<String, SpecificRecord> commandsAndResults = builder
        .stream(commandsTopic.name(), Consumed.with(commandsTopic.keySerde(), commandsTopic.valueSerde())
            .withName("commands"))
        .mapValues(c -> (SpecificRecord) c, Named.as("command-as-input"))
        .merge(builder.stream(resultsTopic.name(), Consumed.with(resultsTopic.keySerde(), resultsTopic.valueSerde())
                .withName("delivery-results"))
            .mapValues(r -> (SpecificRecord) r, Named.as("result-as-input")), Named.as("commands-and-results"))
        .process(() -> new CommandRouter(metrics, incidentsTopic.valueSerde().deserializer()),
            Named.as("route-commands"));
    route(commandsAndResults, IncidentEvent.class, topics.incidentEvents(), "rejected-");
    route(commandsAndResults, Silence.class, topics.silences(), "created-");

    Serde<SpecificRecord> inputSerde = EngineInputSerde.create(serdeConfig);
    KStream<String, SpecificRecord> outputs = alertsByGroup
        .merge(commandsAndResults.filter((key, value) -> value instanceof IncidentCommand
            || value instanceof DeliveryResult, Named.as("only-incident-inputs")), Named.as("engine-inputs"))
        .repartition(Repartitioned.with(Serdes.String(), inputSerde).withName("engine-input-by-group"))
        .process(() -> new EngineProcessor(config, metrics, incidentsTopic.valueSerde().deserializer()),
            Named.as("incident-engine"), INCIDENT_STORE, INCIDENT_ALERT_STORE, PENDING_SNAPSHOT_STORE,
            EARLIER_INCIDENT_STORE, TIMER_STORE);

    route(outputs, Incident.class, topics.incidents(), "");
    route(outputs, IncidentEvent.class, topics.incidentEvents(), "");
    route(outputs, Notification.class, topics.notifications(), "");
    route(outputs, Silence.class, topics.silences(), "");
    // The engine's only null values are tombstones of silences that ended.
    outputs.filter((key, value) -> value == null, Named.as("only-silence-tombstones"))
        .mapValues(value -> (Silence) null, Named.as("as-silence-tombstone"))
        .to(silencesTopic.name(), Produced.with(silencesTopic.keySerde(), silencesTopic.valueSerde())
            .withName("to-silence-tombstone"));
    return builder.build();
  }

  private static <V extends SpecificRecord> void route(KStream<String, SpecificRecord> outputs, Class<V> type,
      TopicSpec<String, V> topic, String prefix) {
    String name = prefix + type.getSimpleName().toLowerCase(Locale.ROOT);
    outputs.filter((key, value) -> type.isInstance(value), Named.as("only-" + name))
        .mapValues(type::cast, Named.as("as-" + name))
        .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName("to-" + name));
  }
}
