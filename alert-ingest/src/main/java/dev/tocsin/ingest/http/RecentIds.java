package dev.tocsin.ingest.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent ids seen (PagerDuty event ids), so a redelivered event is answered without being
 * published twice. Bounded; the oldest id is forgotten first. Downstream, the command id derived
 * from the event id makes a repeat that slips through harmless. Thread-safe.
 */
public final class RecentIds {
  private final Map<String, Boolean> ids;

  public RecentIds(int capacity) {
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  public synchronized boolean contains(String id) {
    return ids.containsKey(id);
  }

  public synchronized void add(String id) {
    ids.put(id, Boolean.TRUE);
  }
}
