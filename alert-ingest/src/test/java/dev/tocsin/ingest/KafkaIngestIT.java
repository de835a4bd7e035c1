package dev.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.ingest.testing.Http;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import dev.tocsin.testing.Fixtures;
import dev.tocsin.testing.TestKafkaCluster;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service against a real in-process Kafka broker: accepted alerts are on the topic, readable with its serde. */
class KafkaIngestIT {
  private static final String TOKEN = "it-token-1b7e";
  private static final Instant NOW = Instant.parse("2026-11-22T10:53:05.250Z");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static TestKafkaCluster cluster;
  private static TopicSpec<String, Alert> alerts;
  private static IngestService service;
  private static Http http;

  @BeforeAll
  static void start() throws InterruptedException {
    cluster = TestKafkaCluster.start(1);
    try (Admin admin = cluster.admin()) {
      TopicAdmin.ensureTopics(admin, 1, (short) 1);
    }
    alerts = Topics.create(Map.of("schema.registry.url", "mock://ingest-it")).alerts();
    service = IngestService.start(config(), Map.of("bootstrap.servers", cluster.bootstrapServers()), alerts,
        Clock.fixed(NOW, ZoneOffset.UTC));
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
  void becomesReadyOnceTheProducerHasClusterMetadata() {
    await().atMost(WAIT).until(() -> http.get("/health/ready").statusCode() == 200);
  }

  @Test
  void writesEveryAcceptedAlertToTheTopicKeyedByFingerprint() {
    HttpResponse<String> response = http.postAlertmanager(Fixtures.alertmanager("partially-resolved.json"), TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    String requestId = Http.json(response).get("requestId").asText();
    List<ConsumerRecord<String, Alert>> records = readAlerts(requestId, 2);
    assertThat(records).extracting(ConsumerRecord::key).containsExactly("28593e58a253cffc", "7f6582cb3b9e969d");
    Alert resolved = records.get(1).value();
    assertThat(resolved.getSource()).isEqualTo(AlertSource.ALERTMANAGER);
    assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolved.getEndsAt()).isEqualTo(Instant.parse("2026-11-22T10:54:27.513Z"));
    assertThat(resolved.getReceivedAt()).isEqualTo(NOW);
    assertThat(resolved.getLabels()).containsEntry("instance", "checkout-2");
    assertThat(records.get(0).value().getEndsAt()).isNull();
  }

  @Test
  void refusesAlertsAndIsNotReadyWhileItsDataDirectorysDiskHasLessFreeThanItKeeps(@TempDir Path dataDir) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of("http.host", "127.0.0.1", "http.port", "0",
        "ingest.tokens", TOKEN, "produce.timeout.ms", "15000", "ingest.disk.guard.dir", dataDir.toString(),
        // More than any disk here has: the real file system answers, and it is "nearly full".
        "ingest.disk.min.free.bytes", String.valueOf(Long.MAX_VALUE / 2)));
    try (IngestService guarded = IngestService.start(new IngestConfig(settings),
        Map.of("bootstrap.servers", cluster.bootstrapServers()), alerts, Clock.systemUTC())) {
      Http client = new Http(guarded.port());
      HttpResponse<String> response = client.postAlertmanager(Fixtures.alertmanager("firing.json"), TOKEN);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(Http.json(response).get("error").asText()).contains("has ").contains(" MiB free, below the ");
      assertThat(client.get("/health/ready").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void answersServiceUnavailableWhenTheSchemaRegistryIsDown() {
    TopicSpec<String, Alert> unreachableRegistry =
        Topics.create(Map.of("schema.registry.url", "http://127.0.0.1:1")).alerts();
    try (IngestService withoutRegistry = IngestService.start(config(),
        Map.of("bootstrap.servers", cluster.bootstrapServers()), unreachableRegistry, Clock.systemUTC())) {
      HttpResponse<String> response = new Http(withoutRegistry.port())
          .postAlertmanager(Fixtures.alertmanager("firing.json"), TOKEN);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(Http.json(response).get("error").asText()).startsWith("kafka unavailable: ");
    }
  }

  private static IngestConfig config() {
    return new IngestConfig(Map.of("http.host", "127.0.0.1", "http.port", "0", "ingest.tokens", TOKEN,
        "produce.timeout.ms", "15000"));
  }

  private static List<ConsumerRecord<String, Alert>> readAlerts(String requestId, int expected) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, Alert>> matching = new ArrayList<>();
    try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, alerts.keySerde().deserializer(),
        alerts.valueSerde().deserializer())) {
      consumer.subscribe(List.of(alerts.name()));
      await().atMost(WAIT).until(() -> {
        for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(200))) {
          if (requestId.equals(record.value().getRequestId())) {
            matching.add(record);
          }
        }
        return matching.size() >= expected;
      });
    }
    return matching;
  }
}
