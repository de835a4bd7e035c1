package dev.tocsin.notifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notification ids already delivered per integration during this run, so a notification that
 * arrives twice (producer retry, rebalance) is not sent twice. Bounded: the oldest ids are
 * forgotten first. Not thread-safe; owned by the consumer thread.
 */
final class DeliveredIds {
  // In memory only for now: after a restart, redelivered records are sent again (receivers get
  // the same idempotency id). A persistent store (a compacted topic or state store) comes later.
  private final Map<String, Boolean> ids;

  DeliveredIds(int capacity) {
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  boolean contains(String integration, String notificationId) {
    return ids.containsKey(key(integration, notificationId));
  }

  void add(String integration, String notificationId) {
    ids.put(key(integration, notificationId), Boolean.TRUE);
  }

  private static String key(String integration, String notificationId) {
    return integration + '\u0000' + notificationId;
  }
}
