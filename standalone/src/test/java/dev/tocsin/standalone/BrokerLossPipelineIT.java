package dev.tocsin.standalone;

import static org.awaitility.Awaitility.await;

import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.testing.HttpStub;
import dev.tocsin.testing.TestKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on three brokers, every topic (the engine's own included) at replication
 * factor 3 and {@code min.insync.replicas} 2: a broker stopped while alerts flow through ingest,
 * the engine and the notifier, then brought back and another stopped. Every accepted alert opens
 * its incident once and its first notification is delivered once.
 */
class BrokerLossPipelineIT {
  private static final String TOKEN = "broker-loss-it-token";
  private static final String SCOPE = "broker-loss-it";
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static TestKafkaCluster kafka;
  private static HttpStub webhook;
  private static PipelineServices pipeline;

  @TempDir
  static Path stateDir;

  @BeforeAll
  static void startPipeline() throws Exception {
    kafka = TestKafkaCluster.start(3);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 3, (short) 3);
    }
    webhook = HttpStub.start();
    Map<String, Object> settings = PipelineServices.settings(kafka, SCOPE, TOKEN, webhook, stateDir);
    settings.put("produce.timeout.ms", "10000");
    // The engine's changelogs and repartition topic survive a broker too.
    settings.put("kafka.replication.factor", "3");
    settings.put("kafka.topic.min.insync.replicas", "2");
    pipeline = PipelineServices.start(settings, stateDir);
  }

  @AfterAll
  static void stopPipeline() {
    if (pipeline != null) {
      PipelineServices.closeAll(pipeline.ingest(), pipeline.notifier(), pipeline.streams());
    }
    PipelineServices.closeAll(webhook, kafka);
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void aBrokerLostWhileAlertsFlowLosesNothingAndPagesEachIncidentOnce() throws Exception {
    await().atMost(WAIT).until(() -> pipeline.get("/health/ready") == 200 && pipeline.streams().running());
    Set<String> accepted = new LinkedHashSet<>();
    pipeline.postUntilAccepted(accepted, 0, 10, TOKEN, WAIT);
    kafka.stopBroker(1);
    pipeline.postUntilAccepted(accepted, 10, 20, TOKEN, WAIT);
    await().atMost(WAIT).until(() -> PipelineServices.paged(webhook, accepted) == accepted.size());

    kafka.startBroker(1);
    kafka.stopBroker(2);
    pipeline.postUntilAccepted(accepted, 20, 30, TOKEN, WAIT);
    await().atMost(WAIT).until(() -> PipelineServices.paged(webhook, accepted) == accepted.size());

    PipelineServices.assertPagedOnce(webhook, accepted);
  }

  /** Posts one alert per service {@code svc-from} to {@code svc-to - 1}, each until accepted. */
}
