package dev.tocsin.schemas.config;

import java.util.Locale;
import java.util.Map;

/**
 * How long a consumer group waits for a member that stopped heartbeating before it hands that
 * member's partitions to the others — the engine's Streams members and the notifier's consumers.
 *
 * <p>Kafka's default session timeout is 45 s: after a {@code kill -9}, the restarted engine or
 * notifier joins at once but gets no partition until Kafka gives up on the dead member, so alerts
 * were accepted and nobody was paged for 53 s after the restart (measured on the standalone). With
 * 10 s the dead member is gone by the time a restarted process has started (the standalone needs
 * about 12 s), and a member whose heartbeat thread stalls for 10 s is what it evicts — heartbeats
 * go every 3 s on their own thread, so only a process that is truly stuck misses three in a row.
 * The broker's {@code group.min.session.timeout.ms} (6 s by default) allows it. Both settings stay
 * overridable with the usual {@code kafka.*} pass-through.
 */
public final class GroupMembership {
  /** {@code session.timeout.ms} of the engine's and the notifier's group members. */
  public static final int SESSION_TIMEOUT_MS = 10_000;
  /** {@code heartbeat.interval.ms}: a third of the session, as Kafka recommends. */
  public static final int HEARTBEAT_INTERVAL_MS = 3_000;

  private GroupMembership() {
  }

  /**
   * Puts the session timeout and heartbeat interval into {@code consumer} settings (keys prefixed
   * with {@code prefix}) unless they are there already, or unless the consumer uses the {@code
   * consumer} group protocol, where the broker owns them ({@code group.consumer.session.timeout.ms}).
   */
  public static void apply(Map<String, Object> consumer, String prefix) {
    Object protocol = consumer.get(prefix + "group.protocol");
    if (protocol != null && "consumer".equals(String.valueOf(protocol).trim().toLowerCase(Locale.ROOT))) {
      return;
    }
    consumer.putIfAbsent(prefix + "session.timeout.ms", SESSION_TIMEOUT_MS);
    consumer.putIfAbsent(prefix + "heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
  }
}
