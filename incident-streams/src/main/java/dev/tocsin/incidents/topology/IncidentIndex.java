package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Incident;
import dev.tocsin.schemas.TopicNames;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global index of incidents by id, read from the store that keeps each snapshot as it came off
 * {@code tocsin.incidents.v1}: the global thread stores bytes without decoding and encoding every
 * snapshot, and a reader decodes only what it looks at. A snapshot that cannot be decoded is
 * treated as absent (and logged), as the deserialization handler would have skipped it.
 */
final class IncidentIndex {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentIndex.class);

  private final ReadOnlyKeyValueStore<String, byte[]> store;
  private final Deserializer<Incident> deserializer;

  IncidentIndex(ReadOnlyKeyValueStore<String, byte[]> store, Deserializer<Incident> deserializer) {
    this.store = store;
    this.deserializer = deserializer;
  }

  /** The incident's latest snapshot, or null when it is unknown. */
  Incident get(String incidentId) {
    return incidentId == null ? null : decode(incidentId, store.get(incidentId));
  }

  /** Hands every known incident to {@code action}. */
  void forEach(Consumer<Incident> action) {
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        Incident incident = decode(entry.key, entry.value);
        if (incident != null) {
          action.accept(incident);
        }
      }
    }
  }

  private Incident decode(String id, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return deserializer.deserialize(TopicNames.INCIDENTS, bytes);
    } catch (SerializationException e) {
      LOG.warn("snapshot of incident {} in the index cannot be read; treated as unknown: {}", id, e.getMessage());
      return null;
    }
  }
}
