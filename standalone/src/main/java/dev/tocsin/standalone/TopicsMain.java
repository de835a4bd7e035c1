package dev.tocsin.standalone;

import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.config.ServiceProperties;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Creates Tocsin's topics on a cluster and exits (the one-shot init step of docker-compose).
 * Settings: {@code TOCSIN_BOOTSTRAP_SERVERS}, {@code TOCSIN_TOPIC_PARTITIONS}, {@code TOCSIN_TOPIC_REPLICATION_FACTOR}.
 */
public final class TopicsMain {
  private TopicsMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> settings = ServiceProperties.fromEnvironment(System.getenv());
    StandaloneConfig config = new StandaloneConfig(settings);
    try (Admin admin = Admin.create(ServiceProperties.kafkaClientProperties(settings))) {
      TopicAdmin.ensureTopics(admin, config.getInt(StandaloneConfig.TOPIC_PARTITIONS_CONFIG),
          config.getShort(StandaloneConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
    }
  }
}
