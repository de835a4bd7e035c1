package dev.tocsin.standalone;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the standalone itself. The services' own settings ({@code http.port},
 * {@code ingest.tokens}, {@code webhook.url}, {@code kafka.*}, ...) pass through to them.
 */
public final class StandaloneConfig extends AbstractConfig {
  public static final String DATA_DIR_CONFIG = "data.dir";
  public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
  public static final String EMBEDDED_KAFKA_PORT_CONFIG = "embedded.kafka.port";
  public static final String EMBEDDED_CONTROLLER_PORT_CONFIG = "embedded.controller.port";
  public static final String REGISTRY_PORT_CONFIG = "registry.port";
  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String TOPIC_PARTITIONS_CONFIG = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR_CONFIG = "topic.replication.factor";
  public static final String CONFIG_FILE_CONFIG = "config.file";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(CONFIG_FILE_CONFIG, Type.STRING, "", Importance.HIGH,
          "Path of one tocsin.yml for the whole pipeline: the engine reads its route:, severity:, escalation and "
              + "silence sections, the notifier its receivers:, ingest its severity aliases. Sets "
              + "incidents.config.file, notifier.receivers.file and ingest.config.file unless those are given. Empty: the built-in defaults (every incident to "
              + "the receiver 'default', delivered to webhook.url, or to the log when that is not set).")
      .define(DATA_DIR_CONFIG, Type.STRING, "data", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Directory for the embedded broker's logs, the registry's schemas, Streams state and the generated "
              + "ingest token; reused on the next start.")
      .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "", Importance.HIGH,
          "Kafka cluster to use; empty starts the embedded single-node broker.")
      .define(EMBEDDED_KAFKA_PORT_CONFIG, Type.INT, 9092, Range.between(1, 65535), Importance.MEDIUM,
          "Client port of the embedded broker.")
      .define(EMBEDDED_CONTROLLER_PORT_CONFIG, Type.INT, 9093, Range.between(1, 65535), Importance.LOW,
          "Controller port of the embedded broker.")
      .define(REGISTRY_PORT_CONFIG, Type.INT, 8081, Range.between(0, 65535), Importance.MEDIUM,
          "Port of the standalone's schema registry endpoint (Confluent REST subset); 0 picks a free port.")
      .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "", Importance.MEDIUM,
          "An external schema registry; empty serves the standalone's own on registry.port.")
      .define(TOPIC_PARTITIONS_CONFIG, Type.INT, 3, Range.atLeast(1), Importance.LOW,
          "Partitions of each Tocsin topic created at start-up.")
      .define(TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) 1, Importance.LOW,
          "Replication factor of each Tocsin topic created at start-up.");

  public StandaloneConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }
}
