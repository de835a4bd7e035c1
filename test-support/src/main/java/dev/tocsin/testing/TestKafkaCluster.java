package dev.tocsin.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster (KRaft) running inside the test JVM. Wraps Apache Kafka's internal
 * {@code KafkaClusterTestKit}, which has no compatibility promise, so only this class changes when
 * the pinned Kafka version does. Start one per test class, not per test.
 */
public final class TestKafkaCluster implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private TestKafkaCluster(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts a cluster of {@code brokers} brokers (combined with the controller when there is one) and waits until it is ready. */
  public static TestKafkaCluster start(int brokers) {
    int replication = Math.min(brokers, 3);
    try {
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(brokers == 1)
          .setNumBrokerNodes(brokers)
          .setNumControllerNodes(1)
          .build();
      KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("offsets.topic.replication.factor", String.valueOf(replication))
          .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replication))
          .setConfigProp("transaction.state.log.min.isr", String.valueOf(Math.min(replication, 2)))
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("auto.create.topics.enable", "false")
          .build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return new TestKafkaCluster(kit);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the in-process Kafka cluster", e);
    }
  }

  /** Bootstrap servers for clients. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A new admin client; close it. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(config);
  }

  /** Client properties with the bootstrap servers set. */
  public Properties clientProperties() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    return properties;
  }

  /** Stops broker {@code id} in an orderly way (reliability tests). */
  public void stopBroker(int id) {
    cluster.brokers().get(id).shutdown();
    cluster.brokers().get(id).awaitShutdown();
  }

  /** Starts broker {@code id} again after {@link #stopBroker(int)}. */
  public void startBroker(int id) {
    cluster.brokers().get(id).startup();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the in-process Kafka cluster", e);
    }
  }
}
