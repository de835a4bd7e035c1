package dev.tocsin.api.readmodel;

import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import java.util.Locale;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model's topology: two global stores, so that every instance holds every incident and
 * timeline and answers any request itself (no forwarding between instances). Incidents are kept as
 * the bytes that came off {@code tocsin.incidents.v1} (decoded only when read) and summarised into
 * an {@link IncidentCatalog}; timeline events under incident id, NUL and the sequence as 16 hex
 * digits, so a prefix scan returns an incident's timeline in order.
 */
public final class ReadModelTopology {
  public static final String INCIDENT_STORE = "api-incidents";
  public static final String TIMELINE_STORE = "api-timeline";

  private ReadModelTopology() {
  }

  /** The key of an incident's event {@code sequence} in {@link #TIMELINE_STORE}. */
  public static String timelineKey(String incidentId, long sequence) {
    return timelinePrefix(incidentId) + String.format(Locale.ROOT, "%016x", sequence);
  }

  /** The prefix every timeline key of the incident starts with. */
  public static String timelinePrefix(String incidentId) {
    return incidentId + '\0';
  }

  public static Topology build(Topics topics, IncidentCatalog catalog) {
    StreamsBuilder builder = new StreamsBuilder();
    TopicSpec<String, Incident> incidents = topics.incidents();
    Deserializer<Incident> incidentReader = incidents.valueSerde().deserializer();
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        incidents.name(), Consumed.with(incidents.keySerde(), Serdes.ByteArray()).withName("api-incidents-source"),
        () -> new IncidentUpdater(incidents.name(), incidentReader, catalog));
    TopicSpec<String, IncidentEvent> events = topics.incidentEvents();
    Deserializer<IncidentEvent> eventReader = events.valueSerde().deserializer();
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMELINE_STORE),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        events.name(), Consumed.with(events.keySerde(), Serdes.ByteArray()).withName("api-timeline-source"),
        () -> new TimelineUpdater(events.name(), eventReader));
    return builder.build();
  }

  /**
   * Stores each snapshot and keeps the catalogue in step. On start it first reads the store into
   * the catalogue (the catalogue lives in memory; the store survives restarts), then every record
   * after the store's checkpoint arrives here, during restoration as afterwards.
   */
  static final class IncidentUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentUpdater.class);
    private final String topic;
    private final Deserializer<Incident> reader;
    private final IncidentCatalog catalog;
    private KeyValueStore<String, byte[]> store;

    IncidentUpdater(String topic, Deserializer<Incident> reader, IncidentCatalog catalog) {
      this.topic = topic;
      this.reader = reader;
      this.catalog = catalog;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(INCIDENT_STORE);
      try (KeyValueIterator<String, byte[]> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, byte[]> entry = all.next();
          IncidentSummary summary = summarise(entry.key, entry.value);
          if (summary != null) {
            catalog.put(summary);
          }
        }
      }
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.key() == null) {
        return;
      }
      if (record.value() == null) {
        store.delete(record.key());
        catalog.remove(record.key());
        return;
      }
      IncidentSummary summary = summarise(record.key(), record.value());
      if (summary != null) {
        // The store first: whoever the catalogue wakes reads the snapshot from it.
        store.put(record.key(), record.value());
        catalog.put(summary);
      }
    }

    private IncidentSummary summarise(String id, byte[] bytes) {
      try {
        return IncidentSummary.of(reader.deserialize(topic, bytes));
      } catch (RuntimeException e) {
        LOG.warn("snapshot of incident {} cannot be read; not in the read model: {}", id, e.getMessage());
        return null;
      }
    }
  }

  /** Stores each timeline event under its incident and sequence. */
  static final class TimelineUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineUpdater.class);
    private final String topic;
    private final Deserializer<IncidentEvent> reader;
    private KeyValueStore<String, byte[]> store;

    TimelineUpdater(String topic, Deserializer<IncidentEvent> reader) {
      this.topic = topic;
      this.reader = reader;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(TIMELINE_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.value() == null) {
        return;
      }
      IncidentEvent event;
      try {
        event = reader.deserialize(topic, record.value());
      } catch (RuntimeException e) {
        LOG.warn("timeline event of incident {} cannot be read; not in the read model: {}", record.key(),
            e.getMessage());
        return;
      }
      store.put(timelineKey(event.getIncidentId(), event.getSequence()), record.value());
    }
  }
}
