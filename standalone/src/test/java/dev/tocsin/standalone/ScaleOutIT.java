package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.testing.HttpStub;
import dev.tocsin.testing.TestKafkaCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines and two notifiers share four partitions; while alerts flow, one engine vanishes
 * (stops without leaving its group, as a killed process does: its tasks move once its 10 s session
 * expires) and one notifier stops, and the others take over their partitions: every accepted alert
 * opens its incident once and is paged once.
 */
class ScaleOutIT {
  private static final String TOKEN = "scale-out-it-token";
  private static final String SCOPE = "scale-out-it";
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static TestKafkaCluster kafka;
  private static HttpStub webhook;
  private static PipelineServices pipeline;
  private static IncidentStreamsService secondEngine;
  private static NotifierService secondNotifier;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestKafkaCluster.start(1);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 4, (short) 1);
    }
    webhook = HttpStub.start();
    Map<String, Object> settings = PipelineServices.settings(kafka, SCOPE, TOKEN, webhook, dir.resolve("engine-1"));
    pipeline = PipelineServices.start(settings, dir);
    Map<String, Object> second = new HashMap<>(settings);
    second.put("streams.state.dir", dir.resolve("engine-2").toString());
    Map<String, Object> client = ServiceProperties.kafkaClientProperties(second);
    Topics topics = Topics.create(second);
    secondEngine = IncidentStreamsService.start(new IncidentStreamsConfig(second), client, topics, second);
    secondNotifier = NotifierService.start(new NotifierConfig(second), client, topics, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    PipelineServices.closeAll(pipeline.ingest(), pipeline.notifier(), secondNotifier, secondEngine, webhook, kafka);
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void whenAnEngineVanishesAndANotifierStopsTheOthersTakeOverAndNothingIsPagedTwice() throws Exception {
    await().atMost(WAIT).until(() -> pipeline.get("/health/ready") == 200 && pipeline.streams().running()
        && secondEngine.running());
    Set<String> accepted = new LinkedHashSet<>();
    pipeline.postUntilAccepted(accepted, 0, 12, TOKEN, WAIT);
    await().atMost(WAIT).until(() -> PipelineServices.paged(webhook, accepted) == accepted.size());

    pipeline.streams().abandon();
    secondNotifier.close();
    pipeline.postUntilAccepted(accepted, 12, 24, TOKEN, WAIT);
    await().atMost(WAIT).until(() -> PipelineServices.paged(webhook, accepted) == accepted.size());
    assertThat(secondEngine.running()).isTrue();

    PipelineServices.assertPagedOnce(webhook, accepted);
  }
}
