package dev.tocsin.notifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notifications already delivered (or deliberately suppressed) per receiver and integration, so
 * that a notification arriving again (producer retry, redelivery after a restart or rebalance) is
 * not sent twice. Filled by this instance's deliveries and by the group's earlier results read
 * back from the results topic ({@link ResultReplay}). Bounded: the oldest ids are forgotten first.
 * Thread-safe.
 */
final class DeliveredIds {
  private final Map<String, Boolean> ids;

  DeliveredIds(int capacity) {
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Whether {@code notificationId} went out through {@code integration} of {@code receiver}.
   *
   * @param integration the integration as results name it ({@link IntegrationLabels})
   */
  synchronized boolean contains(String receiver, String integration, String notificationId) {
    return ids.containsKey(key(receiver, integration, notificationId));
  }

  synchronized void add(String receiver, String integration, String notificationId) {
    ids.put(key(receiver, integration, notificationId), Boolean.TRUE);
  }

  private static String key(String receiver, String integration, String notificationId) {
    return receiver + '\u0000' + integration + '\u0000' + notificationId;
  }
}
