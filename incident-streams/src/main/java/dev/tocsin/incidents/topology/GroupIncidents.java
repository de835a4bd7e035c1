package dev.tocsin.incidents.topology;

import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEngineState;
import dev.tocsin.incidents.domain.AlertObservation;
import dev.tocsin.incidents.domain.IncidentState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each group's latest incident, as the engine keeps it: the header (the incident without its
 * alerts, plus its notification bookkeeping) under the group key, and every alert apart under
 * group key, NUL, its arrival number and its fingerprint. A change writes the header and only the
 * alerts that changed, so an alert costs the same whether its incident holds one alert or two
 * hundred. The most recently used groups are also kept decoded, so a busy group is not read back
 * and decoded on every alert.
 *
 * <p>The cache holds exactly what the stores hold, because this is the stores' only writer; it is
 * emptied whenever the task is (re)initialised or closed, since a task whose transaction aborted is
 * reinitialised from its stores. One per processor instance; not thread-safe.
 */
final class GroupIncidents {
  /** Decoded groups kept; an incident has at most a few hundred alerts, so this bounds memory. */
  static final int CACHED_GROUPS = 1_024;
  private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

  /** A group's latest incident: its stored header, the decoded state and where each alert is stored. */
  record Entry(IncidentEngineState header, IncidentState state, Map<String, String> alertKeys, long nextArrival) {
    Instant timerAt() {
      return header.getTimerAt();
    }
  }

  private final KeyValueStore<String, IncidentEngineState> headers;
  private final KeyValueStore<String, IncidentAlert> alerts;
  private final LinkedHashMap<String, Entry> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > CACHED_GROUPS;
    }
  };

  GroupIncidents(KeyValueStore<String, IncidentEngineState> headers, KeyValueStore<String, IncidentAlert> alerts) {
    this.headers = headers;
    this.alerts = alerts;
  }

  /** The group's latest incident, or null when the group has none. */
  Entry get(String groupKey) {
    Entry cached = cache.get(groupKey);
    if (cached != null) {
      return cached;
    }
    IncidentEngineState header = headers.get(groupKey);
    if (header == null) {
      return null;
    }
    Entry loaded = header.getIncident().getAlerts().isEmpty() ? load(groupKey, header) : legacy(groupKey, header);
    cache.put(groupKey, loaded);
    return loaded;
  }

  /** Reads the group's alerts, in arrival order (their keys sort by it). */
  private Entry load(String groupKey, IncidentEngineState header) {
    Map<String, AlertObservation> observed = new LinkedHashMap<>();
    Map<String, String> keys = new HashMap<>();
    long next = 0;
    try (KeyValueIterator<String, IncidentAlert> it = alerts.prefixScan(prefix(groupKey), PREFIX_SERIALIZER)) {
      while (it.hasNext()) {
        KeyValue<String, IncidentAlert> kv = it.next();
        observed.put(kv.value.getFingerprint(), AvroMapping.observation(kv.value));
        keys.put(kv.value.getFingerprint(), kv.key);
        next = Math.max(next, arrival(groupKey, kv.key) + 1);
      }
    }
    return new Entry(header, AvroMapping.state(header, observed), keys, next);
  }

  /**
   * A header written before alerts were stored apart carries the alerts in its snapshot: they are
   * used as they are, and stored apart on the group's next change.
   */
  private Entry legacy(String groupKey, IncidentEngineState header) {
    return new Entry(header, AvroMapping.state(header), new HashMap<>(), 0);
  }

  /**
   * Stores the group's new state: its header with {@code timerAt}, each alert that is new or
   * changed, and the removal of each alert it no longer has (including, when the group moved on
   * to a new incident, the previous incident's).
   */
  Entry put(String groupKey, IncidentState state, Instant timerAt) {
    Entry previous = get(groupKey);
    boolean legacy = previous != null && !previous.header().getIncident().getAlerts().isEmpty();
    Map<String, AlertObservation> before = previous == null || legacy ? Map.of() : previous.state().alerts();
    // The previous entry is dropped from the cache below, so its key map is taken over and updated
    // in place: an unchanged alert costs a lookup, not a copy.
    Map<String, String> keys = previous == null ? new HashMap<>() : previous.alertKeys();
    long next = previous == null ? 0 : previous.nextArrival();
    if (state.alerts() != before) {
      for (AlertObservation alert : state.alerts().values()) {
        AlertObservation old = before.get(alert.fingerprint());
        if (old == alert) {
          continue;
        }
        String key = keys.get(alert.fingerprint());
        if (key == null) {
          key = alertKey(groupKey, next++, alert.fingerprint());
          keys.put(alert.fingerprint(), key);
        }
        if (!alert.equals(old)) {
          alerts.put(key, AvroMapping.alert(alert));
        }
      }
      if (keys.size() > state.alerts().size()) {
        for (Iterator<Map.Entry<String, String>> it = keys.entrySet().iterator(); it.hasNext(); ) {
          Map.Entry<String, String> old = it.next();
          if (!state.alerts().containsKey(old.getKey())) {
            alerts.delete(old.getValue());
            it.remove();
          }
        }
      }
    }
    IncidentEngineState header = AvroMapping.stored(state, AvroMapping.header(state), timerAt);
    headers.put(groupKey, header);
    Entry entry = new Entry(header, state, keys, next);
    cache.put(groupKey, entry);
    return entry;
  }

  /** Moves the group's timer to {@code timerAt}, nothing else changing. */
  void retime(String groupKey, Instant timerAt) {
    Entry entry = get(groupKey);
    if (entry != null) {
      put(groupKey, entry.state(), timerAt);
    }
  }

  /** Forgets the decoded copies: the task is being (re)initialised or closed. */
  void clearCache() {
    cache.clear();
  }

  private static String prefix(String groupKey) {
    return groupKey + '\u0000';
  }

  /** Group key, NUL, arrival number as 16 hex digits (so keys sort by arrival), NUL, fingerprint. */
  static String alertKey(String groupKey, long arrival, String fingerprint) {
    StringBuilder key = new StringBuilder(groupKey.length() + 18 + fingerprint.length()).append(groupKey)
        .append('\u0000');
    String hex = Long.toHexString(arrival);
    for (int i = hex.length(); i < 16; i++) {
      key.append('0');
    }
    return key.append(hex).append('\u0000').append(fingerprint).toString();
  }

  private static long arrival(String groupKey, String key) {
    int start = groupKey.length() + 1;
    return Long.parseUnsignedLong(key, start, start + 16, 16);
  }
}
