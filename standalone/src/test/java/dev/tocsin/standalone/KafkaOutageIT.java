package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.testing.Fixtures;
import dev.tocsin.testing.HttpStub;
import dev.tocsin.testing.TestKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestKafkaCluster kafka;
  private static HttpStub webhook;
  private static IncidentStreamsService streams;
  private static NotifierService notifier;
  private static IngestService ingest;

  @TempDir
  static Path stateDir;

  @BeforeAll
  static void startPipeline() throws Exception {
    kafka = TestKafkaCluster.start(1);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 2, (short) 1);
    }
    webhook = HttpStub.start();
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("schema.registry.url", "mock://" + SCOPE);
    settings.put("http.port", "0");
    settings.put("ingest.tokens", TOKEN);
    settings.put("produce.timeout.ms", "3000");
    settings.put("webhook.url", webhook.url("/hooks/tocsin"));
    settings.put("streams.state.dir", stateDir.toString());
    PipelineServices pipeline = PipelineServices.start(settings, stateDir);
    streams = pipeline.streams();
    notifier = pipeline.notifier();
    ingest = pipeline.ingest();
  }

  @AfterAll
  static void stopPipeline() {
    PipelineServices.closeAll(ingest, notifier, streams, webhook, kafka);
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void refusesWhileKafkaIsGoneAndEverythingTakesWorkAgainWhenItReturns() throws Exception {
    await().atMost(WAIT).until(() -> get("/health/ready") == 200);
    assertThat(post("payments").statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> notified("payments") == 1);

    kafka.stopBroker(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/ready") == 503);
    HttpResponse<String> refused = post("search");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    Thread.sleep(OUTAGE.toMillis());
    assertThat(get("/health/ready")).isEqualTo(503);

    kafka.startBroker(0);
    long back = System.nanoTime();
    await().atMost(WAIT).until(() -> get("/health/ready") == 200);
    long ready = System.nanoTime();
    await().atMost(WAIT).until(() -> post("search").statusCode() == 200);
    await().atMost(WAIT).until(() -> notified("search") == 1);
    System.out.printf("Kafka back: ingest ready after %.1f s, the first alert after it notified after %.1f s%n",
        (ready - back) / 1e9, (System.nanoTime() - back) / 1e9);

    Thread.sleep(3000);
    assertThat(notified("payments")).as("what was notified before the outage is not notified again").isEqualTo(1);
    assertThat(notified("search")).isEqualTo(1);
  }

  private static long notified(String service) {
    return webhook.requests().stream().filter(r -> r.body().contains("\"service\":\"" + service + "\""))
        .filter(r -> r.body().contains("\"type\":\"OPENED\"")).count();
  }

  private static int get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingest.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static HttpResponse<String> post(String service) throws Exception {
    String body = Fixtures.alertmanagerText("firing.json").replace("\"service\":\"payments\"",
        "\"service\":\"" + service + "\"").replace("ea51316c0c095757", service.equals("payments")
        ? "ea51316c0c095757" : "0123456789abcdef");
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + ingest.port() + "/api/v1/alerts/alertmanager"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
