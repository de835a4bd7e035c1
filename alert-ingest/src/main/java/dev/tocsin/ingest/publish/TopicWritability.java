package dev.tocsin.ingest.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a topic takes {@code acks=all} writes now: Kafka answers, and every partition has a
 * leader and at least {@code min.insync.replicas} replicas in sync. A daemon thread asks Kafka
 * every {@link #INTERVAL} with an admin client, so readiness tells the truth while no alert comes
 * in: with Kafka gone, or too few replicas in sync, {@code /health/ready} says not ready (and a
 * write would be refused by Kafka and answered 503). A change is logged once, not per check.
 * Thread-safe.
 */
public final class TopicWritability implements AutoCloseable {
  /** How often Kafka is asked. */
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(TopicWritability.class);

  private final Admin admin;
  private final String topic;
  private final Thread checker;
  private volatile String problem = "not checked yet";
  private volatile boolean closed;

  private TopicWritability(Admin admin, String topic, String name) {
    this.admin = admin;
    this.topic = topic;
    this.checker = new Thread(this::run, name + "-writability");
    checker.setDaemon(true);
    checker.start();
  }

  /** Starts checking {@code topic} with an admin client made from the admin settings among {@code clientProperties}. */
  public static TopicWritability start(Map<String, ?> clientProperties, String topic, String name) {
    Map<String, Object> settings = new HashMap<>();
    clientProperties.forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(key)) {
        settings.put(key, value);
      }
    });
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "tocsin-" + name + "-writability");
    int timeoutMs = Math.toIntExact(INTERVAL.toMillis());
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    return new TopicWritability(Admin.create(settings), topic, name);
  }

  /** True when the last check found the topic writable. */
  public boolean writable() {
    return problem == null;
  }

  /** Why the topic is not writable, or null when it is. */
  public String problem() {
    return problem;
  }

  /**
   * Why {@code topic} as described cannot take {@code acks=all} writes with {@code minInsync}
   * replicas required in sync, or null when it can.
   */
  static String problem(TopicDescription topic, int minInsync) {
    for (TopicPartitionInfo partition : topic.partitions()) {
      if (partition.leader() == null || partition.leader().isEmpty()) {
        return topic.name() + "-" + partition.partition() + " has no leader";
      }
      if (partition.isr().size() < minInsync) {
        return topic.name() + "-" + partition.partition() + " has " + partition.isr().size() + " of "
            + partition.replicas().size() + " replicas in sync, fewer than min.insync.replicas=" + minInsync;
      }
    }
    return null;
  }

  private void run() {
    while (!closed) {
      String found = check();
      if (!Objects.equals(found, problem)) {
        if (found == null) {
          LOG.info("{} takes writes{}", topic, problem.equals("not checked yet") ? "" : " again");
        } else {
          LOG.warn("{} cannot take writes: {}; ingest answers 503 and is not ready until it can", topic, found);
        }
        problem = found;
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private String check() {
    try {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS).get(topic);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
          .get(resource);
      ConfigEntry minInsync = config == null ? null : config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
      return problem(description, minInsync == null ? 1 : Integer.parseInt(minInsync.value()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      return "Kafka did not answer: " + e.getCause().getClass().getSimpleName();
    } catch (java.util.concurrent.TimeoutException e) {
      return "Kafka did not answer within " + INTERVAL.toMillis() + " ms";
    } catch (RuntimeException e) {
      return "Kafka did not answer: " + e.getClass().getSimpleName();
    }
  }

  @Override
  public void close() {
    closed = true;
    checker.interrupt();
    try {
      checker.join(INTERVAL.toMillis() * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(1));
  }
}
