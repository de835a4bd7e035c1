package dev.tocsin.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicAdminTest {

  @Test
  void createsEveryTopicWithTheLayoutAndCompactsIncidentsAndSilences() throws InterruptedException {
    List<NewTopic> created = new ArrayList<>();

    TopicAdmin.ensureTopics(admin(created, Map.of()), 3, (short) 2);

    assertThat(created).extracting(NewTopic::name).containsExactlyElementsOf(TopicNames.ALL);
    assertThat(created).allSatisfy(topic -> {
      assertThat(topic.numPartitions()).isEqualTo(3);
      assertThat(topic.replicationFactor()).isEqualTo((short) 2);
    });
    assertThat(created).filteredOn(topic -> TopicNames.COMPACTED.contains(topic.name())).hasSize(2)
        .allSatisfy(topic -> assertThat(topic.configs()).containsEntry("cleanup.policy", "compact"));
    assertThat(created).filteredOn(topic -> !TopicNames.COMPACTED.contains(topic.name()))
        .allSatisfy(topic -> assertThat(topic.configs()).doesNotContainKey("cleanup.policy"));
  }

  @ParameterizedTest(name = "replication factor {0} -> min.insync.replicas {1}")
  @CsvSource({"1, 1", "2, 1", "3, 2", "5, 2"})
  void acksAllMeansTwoCopiesFromThreeReplicasUp(short replicationFactor, String minInsync)
      throws InterruptedException {
    List<NewTopic> created = new ArrayList<>();

    TopicAdmin.ensureTopics(admin(created, Map.of()), 3, replicationFactor);

    assertThat(created).hasSize(TopicNames.ALL.size())
        .allSatisfy(topic -> assertThat(topic.configs()).containsEntry("min.insync.replicas", minInsync));
  }

  @Test
  void topicsThatAlreadyExistAreLeftAlone() throws InterruptedException {
    List<NewTopic> created = new ArrayList<>();

    TopicAdmin.ensureTopics(admin(created, Map.of(TopicNames.ALERTS, new TopicExistsException("exists"),
        TopicNames.INCIDENTS, new TopicExistsException("exists"))), 1, (short) 1);

    assertThat(created).hasSize(TopicNames.ALL.size());
  }

  @Test
  void anyOtherFailureNamesTheTopic() {
    assertThatThrownBy(() -> TopicAdmin.ensureTopics(admin(new ArrayList<>(), Map.of(TopicNames.NOTIFICATIONS,
        new TopicAuthorizationException(Set.of(TopicNames.NOTIFICATIONS)))), 1, (short) 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(TopicNames.NOTIFICATIONS)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  /** An Admin whose createTopics records its topics and fails those in {@code failures}. */
  private static Admin admin(List<NewTopic> created, Map<String, Exception> failures) {
    return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("createTopics")) {
            throw new UnsupportedOperationException(method.getName());
          }
          Map<String, KafkaFuture<CreateTopicsResult.TopicMetadataAndConfig>> futures = new HashMap<>();
          for (Object item : (Collection<?>) args[0]) {
            NewTopic topic = (NewTopic) item;
            created.add(topic);
            KafkaFutureImpl<CreateTopicsResult.TopicMetadataAndConfig> future = new KafkaFutureImpl<>();
            Exception failure = failures.get(topic.name());
            if (failure == null) {
              future.complete(null);
            } else {
              future.completeExceptionally(failure);
            }
            futures.put(topic.name(), future);
          }
          return new CreateTopicsResult(futures) {
          };
        });
  }
}
