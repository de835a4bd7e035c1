package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("schema.registry.url", "mock://" + SCOPE);
    settings.put("http.port", "0");
    settings.put("ingest.tokens", TOKEN);
    settings.put("produce.timeout.ms", "10000");
    settings.put("webhook.url", webhook.url("/hooks/tocsin"));
    settings.put("streams.state.dir", stateDir.toString());
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
    await().atMost(WAIT).until(() -> get("/health/ready") == 200 && pipeline.streams().running());
    Set<String> accepted = new LinkedHashSet<>();
    postAll(accepted, 0, 10);
    kafka.stopBroker(1);
    postAll(accepted, 10, 20);
    await().atMost(WAIT).until(() -> opened(accepted) == accepted.size());

    kafka.startBroker(1);
    kafka.stopBroker(2);
    postAll(accepted, 20, 30);
    await().atMost(WAIT).until(() -> opened(accepted) == accepted.size());

    Thread.sleep(3000);
    for (String service : accepted) {
      assertThat(webhook.requests()).as("one first page for " + service)
          .filteredOn(r -> r.body().contains("\"service\":\"" + service + "\"")
              && r.body().contains("\"type\":\"OPENED\""))
          .hasSize(1);
    }
  }

  /** Posts one alert per service {@code svc-from} to {@code svc-to - 1}, each until accepted. */
  private static void postAll(Set<String> accepted, int from, int to) {
    for (int i = from; i < to; i++) {
      String service = "svc-" + i;
      await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> post(service) == 200);
      accepted.add(service);
    }
  }

  private static long opened(Set<String> services) {
    return services.stream().filter(service -> webhook.requests().stream()
        .anyMatch(r -> r.body().contains("\"service\":\"" + service + "\"")
            && r.body().contains("\"type\":\"OPENED\""))).count();
  }

  private static int get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + pipeline.ingest().port() + path))
        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int post(String service) throws Exception {
    String body = Fixtures.alertmanagerText("firing.json").replace("\"service\":\"payments\"",
        "\"service\":\"" + service + "\"").replace("ea51316c0c095757",
        String.format("%016x", service.hashCode() & 0xffffffffL));
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + pipeline.ingest().port() + "/api/v1/alerts/alertmanager"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
