package dev.tocsin.incidents.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Incidents whose snapshot is due on {@code tocsin.incidents.v1}, by incident id with their group
 * key. The engine notes an incident here on each change and publishes the due snapshots together
 * shortly after, so a burst of alerts into one incident writes one snapshot, not one per alert.
 * The set is a store, written in the same transaction as the changes that made a snapshot due, so
 * a snapshot due when the engine stopped is published after it starts again; an in-memory copy
 * spares the store a scan while nothing is due. One per processor instance; not thread-safe.
 */
final class PendingSnapshots {
  private final KeyValueStore<String, String> store;
  private final Map<String, String> due = new LinkedHashMap<>();

  PendingSnapshots(KeyValueStore<String, String> store) {
    this.store = store;
    try (KeyValueIterator<String, String> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        due.put(kv.key, kv.value);
      }
    }
  }

  /** Notes that the incident's snapshot is due. */
  void add(String incidentId, String groupKey) {
    if (due.putIfAbsent(incidentId, groupKey) == null) {
      store.put(incidentId, groupKey);
    }
  }

  boolean isEmpty() {
    return due.isEmpty();
  }

  /** Every due incident id with its group key, in the order they became due; none is due afterwards. */
  Map<String, String> drain() {
    Map<String, String> drained = new LinkedHashMap<>(due);
    due.clear();
    drained.keySet().forEach(store::delete);
    return drained;
  }
}
