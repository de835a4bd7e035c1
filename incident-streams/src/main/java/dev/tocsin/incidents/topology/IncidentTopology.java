package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import dev.tocsin.incidents.domain.Grouping;
import dev.tocsin.incidents.domain.IncidentLifecycle;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
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
 * Builds the incident engine's topology: alerts → dedup (by fingerprint) → repartition by group
 * → incident state machine → incidents, incident events and notifications. Tests build the very
 * same topology.
 */
public final class IncidentTopology {
  /** Last alert state passed on, per fingerprint. */
  public static final String DEDUP_STORE = "alert-dedup";
  /** Latest incident, open or resolved, per group key. */
  public static final String INCIDENT_STORE = "incidents-by-group";
  /** Quiet-period deadlines: due time and group key → group key. */
  public static final String TIMER_STORE = "incident-timers";

  private IncidentTopology() {
  }

  /**
   * @param grouping which labels form a group
   * @param receivers receivers every incident notifies
   * @param quietPeriod how long an incident whose alerts all resolved monitors before it resolves
   * @param topics the typed topics
   * @param serdeConfig registry settings for the state stores' serdes
   */
  public static Topology build(Grouping grouping, List<String> receivers, Duration quietPeriod, Topics topics,
      Map<String, ?> serdeConfig) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUP_STORE),
        Serdes.String(), Topics.valueSerde(Alert.class, serdeConfig)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE),
        Serdes.String(), Topics.valueSerde(Incident.class, serdeConfig)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMER_STORE),
        Serdes.String(), Serdes.String()));

    TopicSpec<String, Alert> alerts = topics.alerts();
    IncidentLifecycle lifecycle = new IncidentLifecycle(receivers, quietPeriod);
    KStream<String, SpecificRecord> outputs = builder
        .stream(alerts.name(), Consumed.with(alerts.keySerde(), alerts.valueSerde()).withName("alerts"))
        .process(DedupProcessor::new, Named.as("dedup"), DEDUP_STORE)
        .selectKey((fingerprint, alert) -> grouping.groupKey(alert.getLabels()), Named.as("key-by-group"))
        .repartition(Repartitioned.with(Serdes.String(), alerts.valueSerde()).withName("alerts-by-group"))
        .process(() -> new IncidentProcessor(grouping, lifecycle), Named.as("incident-lifecycle"), INCIDENT_STORE,
            TIMER_STORE);

    route(outputs, Incident.class, topics.incidents());
    route(outputs, IncidentEvent.class, topics.incidentEvents());
    route(outputs, Notification.class, topics.notifications());
    return builder.build();
  }

  private static <V extends SpecificRecord> void route(KStream<String, SpecificRecord> outputs, Class<V> type,
      TopicSpec<String, V> topic) {
    String name = type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    outputs.filter((key, value) -> type.isInstance(value), Named.as("only-" + name))
        .mapValues(type::cast, Named.as("as-" + name))
        .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName("to-" + name));
  }
}
