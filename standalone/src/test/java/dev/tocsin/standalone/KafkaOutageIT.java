package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.testing.HttpStub;
import dev.tocsin.testing.TestKafkaCluster;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka entirely gone while the pipeline runs: ingest says it is not ready and answers 503 with
 * {@code Retry-After} (nothing is accepted that Kafka does not hold); when Kafka returns, ingest,
 * the engine and the notifier take work again by themselves, and what was accepted before the
 * outage is notified once.
 */
class KafkaOutageIT {
  private static final String TOKEN = "outage-it-token";
  private static final String SCOPE = "outage-it";
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** How long Kafka stays away; minutes in life, long enough here for every client to notice. */
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  private static TestKafkaCluster kafka;
  private static HttpStub webhook;
  private static PipelineServices pipeline;

  @TempDir
  static Path stateDir;

  @BeforeAll
  static void startPipeline() throws Exception {
    kafka = TestKafkaCluster.start(1);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 2, (short) 1);
    }
    webhook = HttpStub.start();
    Map<String, Object> settings = PipelineServices.settings(kafka, SCOPE, TOKEN, webhook, stateDir);
    settings.put("produce.timeout.ms", "3000");
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
  void refusesWhileKafkaIsGoneAndEverythingTakesWorkAgainWhenItReturns() throws Exception {
    await().atMost(WAIT).until(() -> pipeline.get("/health/ready") == 200);
    assertThat(pipeline.postAlert("payments", TOKEN).statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> PipelineServices.pages(webhook, "payments") == 1);

    kafka.stopBroker(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.get("/health/ready") == 503);
    HttpResponse<String> refused = pipeline.postAlert("search", TOKEN);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    Thread.sleep(OUTAGE.toMillis());
    assertThat(pipeline.get("/health/ready")).isEqualTo(503);

    kafka.startBroker(0);
    long back = System.nanoTime();
    await().atMost(WAIT).until(() -> pipeline.get("/health/ready") == 200);
    long ready = System.nanoTime();
    await().atMost(WAIT).until(() -> pipeline.postAlert("search", TOKEN).statusCode() == 200);
    await().atMost(WAIT).until(() -> PipelineServices.pages(webhook, "search") == 1);
    System.out.printf("Kafka back: ingest ready after %.1f s, the first alert after it notified after %.1f s%n",
        (ready - back) / 1e9, (System.nanoTime() - back) / 1e9);

    Thread.sleep(3000);
    assertThat(PipelineServices.pages(webhook, "payments")).as("what was notified before the outage is not notified again").isEqualTo(1);
    assertThat(PipelineServices.pages(webhook, "search")).isEqualTo(1);
  }

}
