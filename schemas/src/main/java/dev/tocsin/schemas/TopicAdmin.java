package dev.tocsin.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Tocsin's topics if they do not exist yet; existing topics are left as they are. Each
 * topic gets {@code min.insync.replicas} from {@link #minInsyncReplicas(short)}, so a producer's
 * {@code acks=all} means "on more than one broker" wherever there is more than one to be on.
 */
public final class TopicAdmin {
  private TopicAdmin() {
  }

  /**
   * The {@code min.insync.replicas} of a topic with {@code replicationFactor} replicas: 2 from 3
   * replicas up, so one broker may be lost without refusing writes and an acknowledged write is
   * on two; 1 below 3, where asking for 2 of 2 would refuse every write while one broker restarts.
   */
  public static int minInsyncReplicas(short replicationFactor) {
    return replicationFactor >= 3 ? 2 : 1;
  }

  /** Creates every topic in {@link TopicNames#ALL} with the given layout; idempotent. */
  public static void ensureTopics(Admin admin, int partitions, short replicationFactor)
      throws InterruptedException {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : TopicNames.ALL) {
      Map<String, String> configs = new HashMap<>();
      configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas(replicationFactor)));
      if (TopicNames.COMPACTED.contains(name)) {
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      }
      topics.add(new NewTopic(name, partitions, replicationFactor).configs(configs));
    }
    var result = admin.createTopics(topics);
    for (var entry : result.values().entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(),
              e.getCause());
        }
      }
    }
  }
}
