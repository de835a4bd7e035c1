package dev.tocsin.notifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notification ids already delivered per channel (its {@link ReceiverChannels.Target#key() key})
 * during this run, so a notification that arrives twice (producer retry, rebalance) is not sent
 * twice. Bounded: the oldest ids are forgotten first. Not thread-safe; owned by the consumer thread.
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

  boolean contains(String channel, String notificationId) {
    return ids.containsKey(key(channel, notificationId));
  }

  void add(String channel, String notificationId) {
    ids.put(key(channel, notificationId), Boolean.TRUE);
  }

  private static String key(String channel, String notificationId) {
    return channel + '\u0000' + notificationId;
  }
}
