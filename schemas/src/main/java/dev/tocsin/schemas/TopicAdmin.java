package dev.tocsin.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Tocsin's topics if they do not exist yet; existing topics are left as they are. */
public final class TopicAdmin {
  private TopicAdmin() {
  }

  /** Creates every topic in {@link TopicNames#ALL} with the given layout; idempotent. */
  public static void ensureTopics(Admin admin, int partitions, short replicationFactor)
      throws InterruptedException {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : TopicNames.ALL) {
      NewTopic topic = new NewTopic(name, partitions, replicationFactor);
      if (TopicNames.COMPACTED.contains(name)) {
        topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      topics.add(topic);
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
