package dev.tocsin.incidents.topology;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Incidents whose snapshot is due on {@code tocsin.incidents.v1}, by incident id with their group
 * key. The engine notes an incident here on each change and publishes the due snapshots together
 * shortly after, so a burst of alerts into one incident writes one snapshot, not one per alert. A
 * change of the incident itself (opened, acknowledged, severity, status…) is due at the next
 * publication; a change of its alerts only (one more, one resolved, with nothing else changing)
 * settles for {@link #SETTLE} first, so an incident that alerts keep joining publishes about once
 * a second, not once per alert — its timeline carries each alert as it comes.
 *
 * <p>The set is a store, written in the same transaction as the changes that made a snapshot due,
 * so a snapshot due when the engine stopped is published after it starts again; an in-memory copy
 * spares the store a scan while nothing is due. One per processor instance; not thread-safe.
 */
final class PendingSnapshots {
  /** How long a change of an incident's alerts alone may wait for the next ones before its snapshot goes out. */
  static final Duration SETTLE = Duration.ofSeconds(1);

  private record Due(String groupKey, long atMs) {
  }

  private final KeyValueStore<String, String> store;
  private final Map<String, Due> due = new LinkedHashMap<>();

  PendingSnapshots(KeyValueStore<String, String> store) {
    this.store = store;
    try (KeyValueIterator<String, String> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        due.put(kv.key, new Due(kv.value, Long.MIN_VALUE));
      }
    }
  }

  /**
   * Notes that the incident's snapshot is due: at the next publication when {@code settle} is
   * false, else {@link #SETTLE} after {@code nowMs} (or sooner, if it was due sooner already).
   */
  void add(String incidentId, String groupKey, boolean settle, long nowMs) {
    long at = settle ? nowMs + SETTLE.toMillis() : Long.MIN_VALUE;
    Due before = due.get(incidentId);
    if (before == null) {
      due.put(incidentId, new Due(groupKey, at));
      store.put(incidentId, groupKey);
    } else if (at < before.atMs()) {
      due.put(incidentId, new Due(groupKey, at));
    }
  }

  boolean isEmpty() {
    return due.isEmpty();
  }

  /**
   * The incidents due by {@code nowMs} with their group keys, in the order they were noted; they
   * are no longer due afterwards.
   */
  Map<String, String> drain(long nowMs) {
    Map<String, String> drained = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, Due>> it = due.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Due> entry = it.next();
      if (entry.getValue().atMs() <= nowMs) {
        drained.put(entry.getKey(), entry.getValue().groupKey());
        store.delete(entry.getKey());
        it.remove();
      }
    }
    return drained;
  }
}
