package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.schemas.serde.AvroDeserializer;
import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import dev.tocsin.testing.Fixtures;
import dev.tocsin.testing.HttpStub;
import dev.tocsin.testing.TestKafkaCluster;
import dev.tocsin.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on a real in-process Kafka cluster: the recorded Alertmanager
 * sequence for one group goes through ingest, incident streams and the notifier.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
  private static final String TOKEN = "pipeline-it-token";
  private static final String SCOPE = "pipeline-it";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestKafkaCluster kafka;
  private static HttpStub webhook;
  private static IncidentStreamsService streams;
  private static NotifierService notifier;
  private static IngestService ingest;
  private static Map<String, Object> settings;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path stateDir;

  @BeforeAll
  static void startPipeline() throws Exception {
    kafka = TestKafkaCluster.start(1);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 2, (short) 1);
    }
    webhook = HttpStub.start();
    settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("schema.registry.url", "mock://" + SCOPE);
    settings.put("http.port", "0");
    settings.put("ingest.tokens", TOKEN);
    settings.put("webhook.url", webhook.url("/hooks/tocsin?token=s3cret"));
    settings.put("streams.state.dir", stateDir.toString());
    settings.put("kafka.commit.interval.ms", "100");
    // Short enough to keep the test quick, long enough that a backlog of alerts of one group,
    // which arrives in any order across partitions, lands inside it.
    settings.put("incidents.quiet.period.ms", "3000");
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

  private static HttpResponse<String> post(String fixture) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + ingest.port() + "/api/v1/alerts/alertmanager"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Alertmanager/0.25.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.alertmanager(fixture)))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> List<T> decodeAll(String topic, Class<T> type, int atLeast) {
    AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
    deserializer.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    return TopicReader.readAll(kafka.bootstrapServers(), topic, atLeast, WAIT).stream()
        .map(r -> deserializer.deserialize(topic, r.value()))
        .toList();
  }

  private static List<IncidentEvent> readUntilResolved() {
    await().atMost(WAIT).until(() -> decodeAll(TopicNames.INCIDENT_EVENTS, IncidentEvent.class, 1).stream()
        .anyMatch(e -> e.getType() == IncidentEventType.RESOLVED));
    return decodeAll(TopicNames.INCIDENT_EVENTS, IncidentEvent.class, 5);
  }

  @Test
  @Order(1)
  void recordedGroupSequenceOpensOneIncidentAndNotifiesOnlyOpenAndResolve() throws Exception {
    for (String fixture : List.of("firing-critical.json", "multi-alert.json", "repeated.json")) {
      HttpResponse<String> response = post(fixture);
      assertThat(response.statusCode()).as(fixture + ": " + response.body()).isEqualTo(200);
    }
    // Both alerts fire in one incident before anything resolves, so the outcome does not depend on
    // how far apart the two fingerprints' partitions are processed (IncidentTopologyTest covers
    // out-of-order arrival inside the quiet period).
    await().atMost(WAIT).until(() -> {
      List<Incident> now = decodeAll(TopicNames.INCIDENTS, Incident.class, 1);
      return now.get(now.size() - 1).getAlerts().size() == 2;
    });
    for (String fixture : List.of("partially-resolved.json", "resolved.json")) {
      HttpResponse<String> response = post(fixture);
      assertThat(response.statusCode()).as(fixture + ": " + response.body()).isEqualTo(200);
    }

    // Two webhook deliveries: the open and the resolve, nothing for repeats or partial changes.
    await().atMost(WAIT).until(() -> webhook.requests().size() >= 2);
    List<IncidentEvent> everything = readUntilResolved();
    // Delivery outcomes join the timeline (NOTIFIED) as the notifier reports them; the rest is
    // what the alerts did. Alerts are keyed by fingerprint, so the two instances' histories may
    // interleave in any order; the incident opens first, resolves last, nothing between pages.
    List<IncidentEvent> timeline = everything.stream()
        .filter(e -> e.getType() != IncidentEventType.NOTIFIED).toList();
    assertThat(timeline).extracting(IncidentEvent::getType).containsExactlyInAnyOrder(IncidentEventType.OPENED,
        IncidentEventType.ALERT_ADDED, IncidentEventType.ALERT_RESOLVED, IncidentEventType.ALERT_RESOLVED,
        IncidentEventType.RESOLVED);
    assertThat(timeline.get(0).getType()).isEqualTo(IncidentEventType.OPENED);
    assertThat(timeline.get(4).getType()).isEqualTo(IncidentEventType.RESOLVED);
    String incidentId = timeline.get(0).getIncidentId();
    assertThat(everything).extracting(IncidentEvent::getIncidentId).containsOnly(incidentId);
    assertThat(everything).extracting(IncidentEvent::getSequence)
        .as("one timeline, numbered without gaps").containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, everything.size()).boxed().toList());
    String resolvedId = incidentId + ":" + timeline.get(4).getSequence() + ":default";

    List<Notification> notifications = decodeAll(TopicNames.NOTIFICATIONS, Notification.class, 2);
    assertThat(notifications).extracting(Notification::getNotificationId)
        .containsExactly(incidentId + ":1:default", resolvedId);
    await().atMost(WAIT).until(() -> readUntilResolved().stream()
        .filter(e -> e.getType() == IncidentEventType.NOTIFIED).count() == 2);
    assertThat(readUntilResolved()).filteredOn(e -> e.getType() == IncidentEventType.NOTIFIED)
        .extracting(IncidentEvent::getMessage).as("the open and the resolve, through the webhook only")
        .containsExactly("notified via webhook (receiver default)", "notified via webhook (receiver default)");

    List<DeliveryResult> results = decodeAll(TopicNames.NOTIFICATION_RESULTS, DeliveryResult.class, 2);
    assertThat(results).extracting(DeliveryResult::getIntegration).containsExactly("webhook", "webhook");

    assertThat(webhook.requests()).hasSize(2);
    assertThat(webhook.requests()).extracting(r -> r.header("X-Tocsin-Notification-Id"))
        .containsExactly(incidentId + ":1:default", resolvedId);
    JsonNode opened = JSON.readTree(webhook.requests().get(0).body());
    assertThat(opened.path("incident").path("id").asText()).isEqualTo(incidentId);

    List<Incident> snapshots = decodeAll(TopicNames.INCIDENTS, Incident.class, 1);
    assertThat(snapshots).extracting(Incident::getId).containsOnly(incidentId);
    Incident last = snapshots.get(snapshots.size() - 1);
    assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(last.getAlerts()).extracting(a -> a.getStatus()).containsOnly(AlertStatus.RESOLVED);
    assertThat(last.getTitle()).isEqualTo("HighErrorRate on checkout");

    // Every alert of every request was accepted, repeats included: 1 + 2 + 2 + 2 + 1.
    assertThat(decodeAll(TopicNames.ALERTS, Alert.class, 8)).hasSize(8);
  }

  @Test
  @Order(2)
  void everyRecordOnEveryTopicDecodesWithTheSerde() {
    Map<String, Class<?>> types = Map.of(
        TopicNames.ALERTS, Alert.class,
        TopicNames.INCIDENTS, Incident.class,
        TopicNames.INCIDENT_EVENTS, IncidentEvent.class,
        TopicNames.NOTIFICATIONS, Notification.class,
        TopicNames.NOTIFICATION_RESULTS, DeliveryResult.class);
    types.forEach((topic, type) -> {
      List<?> decoded = decodeAll(topic, type, 1);
      assertThat(decoded).as(topic).isNotEmpty().allSatisfy(v -> assertThat(v).isInstanceOf(type));
    });
    // A schema-agnostic consumer (generic records, writer schema from the registry) reads them too.
    AvroDeserializer<org.apache.avro.generic.GenericData.Record> generic = AvroDeserializer.generic();
    generic.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), TopicNames.INCIDENTS, 1,
        WAIT)) {
      assertThat(generic.deserialize(TopicNames.INCIDENTS, r.value()).get("id").toString()).startsWith("INC-");
    }
    assertThat(TopicReader.readAll(kafka.bootstrapServers(), TopicNames.DEAD_LETTERS, 0, Duration.ofSeconds(2)))
        .as("nothing dead-lettered").isEmpty();
  }

  @Test
  @Order(3)
  void undecodableAlertIsDeadLetteredWithReasonAndTheEngineCarriesOn() throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(TopicNames.ALERTS, "garbage".getBytes(StandardCharsets.UTF_8),
          new byte[] {0, 0, 0, 0, 99, 1, 2})).get();
    }
    List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(kafka.bootstrapServers(),
        TopicNames.DEAD_LETTERS, 1, WAIT);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).value()).containsExactly(0, 0, 0, 0, 99, 1, 2);
    assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.EXCEPTION).value(),
        StandardCharsets.UTF_8)).contains("SerializationException");

    assertThat(post("firing.json").statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> webhook.requests().size() >= 3);
    assertThat(JSON.readTree(webhook.requests().get(2).body()).path("incident").path("title").asText())
        .isEqualTo("HighLatency on payments");
  }
}
