package dev.tocsin.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) whose data lives under a directory
 * that is formatted on first start and reused on the next. Not thread-safe; start and stop once.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String OFFSETS_PARTITIONS = "offsets.topic.num.partitions";
  private static final String TRANSACTION_PARTITIONS = "transaction.state.log.num.partitions";
  private static final String COORDINATOR_PARTITIONS = "3";

  private final KafkaRaftServer server;
  private final int port;
  private final boolean formatted;

  private EmbeddedKafka(KafkaRaftServer server, int port, boolean formatted) {
    this.server = server;
    this.port = port;
    this.formatted = formatted;
  }

  /**
   * Starts the broker; formats {@code dataDir/kafka} first if it holds no cluster yet.
   *
   * @param port client listener port
   * @param controllerPort controller listener port
   */
  public static EmbeddedKafka start(Path dataDir, int port, int controllerPort) {
    Path logDir = dataDir.resolve("kafka").toAbsolutePath();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
    props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    // A restart after a crash waits out the old broker session; keep that wait short.
    props.put("broker.session.timeout.ms", "3000");
    props.put("broker.heartbeat.interval.ms", "500");

    // Recovery after a crash checks every partition's unflushed segments: on both cores, not one.
    props.put("num.recovery.threads.per.data.dir", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())));

    boolean format = !Files.exists(logDir.resolve("meta.properties"));
    if (format) {
      // Kafka's 50 partitions each for group offsets and transaction state are a cluster's; one
      // broker with a handful of groups and transactional ids needs a few, and each partition
      // costs at every start (after a crash: 100 of 150 partitions to recover). Fixed at
      // formatting: a group's coordinator is found by its hash modulo this count.
      props.put(OFFSETS_PARTITIONS, COORDINATOR_PARTITIONS);
      props.put(TRANSACTION_PARTITIONS, COORDINATOR_PARTITIONS);
      format(dataDir, logDir, props);
    } else {
      keepFormattedSettings(dataDir.resolve("server.properties"), props);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    LOG.info("embedded Kafka broker up on localhost:{} with data in {} ({})", port, logDir,
        format ? "formatted now" : "existing data reused");
    return new EmbeddedKafka(server, port, format);
  }

  /**
   * Takes the settings fixed when the directory was formatted from the {@code server.properties}
   * written then; a directory formatted before they were written keeps Kafka's defaults.
   */
  private static void keepFormattedSettings(Path config, Properties props) {
    if (!Files.exists(config)) {
      return;
    }
    Properties formatted = new Properties();
    try (var in = Files.newInputStream(config)) {
      formatted.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + config, e);
    }
    for (String key : new String[] {OFFSETS_PARTITIONS, TRANSACTION_PARTITIONS}) {
      String value = formatted.getProperty(key);
      if (value != null) {
        props.put(key, value);
      }
    }
  }

  private static void format(Path dataDir, Path logDir, Properties props) {
    try {
      Files.createDirectories(logDir);
      Path config = dataDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "embedded Kafka broker of the Tocsin standalone");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int rc;
      try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        rc = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
            "--config", config.toString(), "--standalone"}, print);
      }
      if (rc != 0) {
        throw new IllegalStateException("formatting " + logDir + " failed (" + rc + "): "
            + output.toString(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka data directory " + logDir, e);
    }
  }

  /** Bootstrap servers for clients. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /** True when this start formatted a new data directory. */
  public boolean formatted() {
    return formatted;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
