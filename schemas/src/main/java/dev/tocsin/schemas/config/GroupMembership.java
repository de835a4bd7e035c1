package dev.tocsin.schemas.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

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
 *
 * <p>A member that comes back does not even wait those 10 s when it has a stable name, its
 * {@code group.instance.id} (static membership): it takes its predecessor's place in the group at
 * once, with the same partitions. {@link #instanceId} keeps such a name in a file beside the
 * state that identifies the instance — the engine's state directory, the standalone's data
 * directory — so the name lives exactly as long as that state.
 */
public final class GroupMembership {
  /** {@code session.timeout.ms} of the engine's and the notifier's group members. */
  public static final int SESSION_TIMEOUT_MS = 10_000;
  /** {@code heartbeat.interval.ms}: a third of the session, as Kafka recommends. */
  public static final int HEARTBEAT_INTERVAL_MS = 3_000;

  /** What a {@code group.instance.id} may hold: Kafka allows letters, digits, '.', '_' and '-'. */
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  private GroupMembership() {
  }

  /**
   * The {@code group.instance.id} kept in {@code file}: read when the file exists, else {@code
   * prefix} and 8 random hex digits, written there (directories created) for the next start.
   *
   * @throws UncheckedIOException when the file can be neither read nor written
   * @throws IllegalStateException when the file holds something Kafka would refuse as a name
   */
  public static String instanceId(Path file, String prefix) {
    try {
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!INSTANCE_ID.matcher(kept).matches()) {
          throw new IllegalStateException(file + " does not hold a group instance id (letters, digits, '.', '_' "
              + "and '-'); delete it to have a new one generated");
        }
        return kept;
      }
      byte[] random = new byte[4];
      new SecureRandom().nextBytes(random);
      String generated = prefix + "-" + HexFormat.of().formatHex(random);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the group instance id file " + file, e);
    }
  }

  /** Validates a setting that names a {@code group.instance.id}: empty, or a name Kafka accepts. */
  public static final ConfigDef.Validator INSTANCE_ID_SETTING = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : String.valueOf(value).strip();
      if (!text.isEmpty() && !INSTANCE_ID.matcher(text).matches()) {
        throw new ConfigException(name, value, "letters, digits, '.', '_' and '-' only");
      }
    }

    @Override
    public String toString() {
      return "empty, or letters, digits, '.', '_' and '-'";
    }
  };

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
