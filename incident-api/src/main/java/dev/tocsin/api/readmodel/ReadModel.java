package dev.tocsin.api.readmodel;

import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.schemas.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads incidents and timelines: the catalogue for lists, the stores (through Kafka Streams'
 * interactive queries) for a snapshot or a timeline. Thread-safe.
 */
public final class ReadModel {
  private final IncidentCatalog catalog;
  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> incidents;
  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> timeline;
  private final Deserializer<Incident> incidentReader;
  private final Deserializer<IncidentEvent> eventReader;

  public ReadModel(IncidentCatalog catalog, Supplier<ReadOnlyKeyValueStore<String, byte[]>> incidents,
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> timeline, Deserializer<Incident> incidentReader,
      Deserializer<IncidentEvent> eventReader) {
    this.catalog = catalog;
    this.incidents = incidents;
    this.timeline = timeline;
    this.incidentReader = incidentReader;
    this.eventReader = eventReader;
  }

  public IncidentCatalog catalog() {
    return catalog;
  }

  /** The incident's latest snapshot. */
  public Optional<Incident> incident(String id) {
    byte[] bytes = incidents.get().get(id);
    return bytes == null ? Optional.empty() : Optional.of(incidentReader.deserialize(TopicNames.INCIDENTS, bytes));
  }

  /** The incident's timeline, in sequence. */
  public List<IncidentEvent> timeline(String id) {
    List<IncidentEvent> events = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = timeline.get()
        .prefixScan(ReadModelTopology.timelinePrefix(id), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        events.add(eventReader.deserialize(TopicNames.INCIDENT_EVENTS, entry.value));
      }
    }
    return events;
  }
}
