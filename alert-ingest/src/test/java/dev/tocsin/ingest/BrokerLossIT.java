package dev.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.testing.Http;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import dev.tocsin.testing.Fixtures;
import dev.tocsin.testing.TestKafkaCluster;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ingest on three brokers with the alerts topic at replication factor 3 and
 * {@code min.insync.replicas} 2: one broker lost, alerts are still accepted and every accepted one
 * is on the topic; two lost, ingest answers 503 and says it is not ready (never a 2xx for a write
 * fewer than two replicas hold); the broker back, it is ready and accepts again.
 */
class BrokerLossIT {
  private static final String TOKEN = "it-token-b7e1";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static TestKafkaCluster cluster;
  private static TopicSpec<String, Alert> alerts;
  private static IngestService service;
  private static Http http;
  private static int posted;

  @BeforeAll
  static void start() throws InterruptedException {
    cluster = TestKafkaCluster.start(3);
    try (Admin admin = cluster.admin()) {
      TopicAdmin.ensureTopics(admin, 3, (short) 3);
    }
    alerts = Topics.create(Map.of("schema.registry.url", "mock://ingest-broker-loss-it")).alerts();
    IngestConfig config = new IngestConfig(Map.of("http.host", "127.0.0.1", "http.port", "0", "ingest.tokens", TOKEN,
        "produce.timeout.ms", "5000"));
    service = IngestService.start(config, Map.of("bootstrap.servers", cluster.bootstrapServers()), alerts,
        Clock.systemUTC());
    http = new Http(service.port());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void oneBrokerLostLosesNothingTwoLostRefusesAndReportsNotReadyAndBackItAcceptsAgain() {
    await().atMost(WAIT).until(() -> http.get("/health/ready").statusCode() == 200);
    Set<String> accepted = new HashSet<>();
    accepted.addAll(post(20));

    cluster.stopBroker(1);
    // Leadership moves to the two left, both in sync: every alert is still accepted, maybe after a retry.
    for (int i = 0; i < 20; i++) {
      String instance = "i-" + posted++;
      await().atMost(WAIT).until(() -> post(instance).statusCode() == 200);
      accepted.add(instance);
    }
    assertThat(http.get("/health/ready").statusCode()).as("two of three in sync is enough").isEqualTo(200);

    cluster.stopBroker(2);
    await().atMost(WAIT).until(() -> http.get("/health/ready").statusCode() == 503);
    HttpResponse<String> refused = post("refused-" + posted++);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(Http.json(refused).get("error").asText()).startsWith("kafka unavailable: ");

    cluster.startBroker(2);
    await().atMost(WAIT).until(() -> http.get("/health/ready").statusCode() == 200);
    accepted.addAll(post(20));

    assertThat(instancesOnTheTopic()).as("every accepted alert is on the topic").containsAll(accepted);
  }

  /** Posts {@code count} alerts one per request, each accepted. */
  private static List<String> post(int count) {
    List<String> instances = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String instance = "i-" + posted++;
      HttpResponse<String> response = post(instance);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      instances.add(instance);
    }
    return instances;
  }

  private static HttpResponse<String> post(String instance) {
    String body = Fixtures.alertmanagerText("firing.json").replace("payments-1", instance)
        .replace("ea51316c0c095757", String.format("%016x", instance.hashCode() & 0xffffffffL));
    return http.postAlertmanager(body.getBytes(StandardCharsets.UTF_8), TOKEN);
  }

  private static Set<String> instancesOnTheTopic() {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "broker-loss-it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Set<String> instances = new HashSet<>();
    try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, alerts.keySerde().deserializer(),
        alerts.valueSerde().deserializer())) {
      consumer.subscribe(List.of(alerts.name()));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
        for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
          instances.add(record.value().getLabels().get("instance"));
          quietSince = System.nanoTime();
        }
      }
    }
    return instances;
  }
}
