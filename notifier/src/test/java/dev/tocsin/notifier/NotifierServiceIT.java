package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.tocsin.avro.DeliveryOutcome;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.RecordingWebhook.Answer;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import dev.tocsin.testing.TestKafkaCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier on a real broker: one cluster, one service and one webhook receiver for the
 * class; each test uses its own notification ids and scripts the receiver per id.
 */
class NotifierServiceIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TOKEN = "it-s3cret-token";

  private static TestKafkaCluster cluster;
  private static RecordingWebhook webhook;
  private static Topics topics;
  private static NotifierService service;
  private static KafkaProducer<byte[], byte[]> producer;
  private static TopicReader<String, DeliveryResult> results;
  private static TopicReader<byte[], byte[]> deadLetters;

  @BeforeAll
  static void startNotifier() throws InterruptedException {
    cluster = TestKafkaCluster.start(1);
    try (Admin admin = cluster.admin()) {
      TopicAdmin.ensureTopics(admin, 3, (short) 1);
    }
    topics = Topics.create(Map.of("schema.registry.url", "mock://notifier-it"));
    webhook = RecordingWebhook.start();
    NotifierConfig config = new NotifierConfig(Map.of(
        "webhook.url", webhook.url("/hooks/ops?token=" + TOKEN).toString(),
        "retry.max.attempts", "3",
        "retry.initial.backoff.ms", "10",
        "retry.max.backoff.ms", "100"));
    Map<String, Object> kafka = Map.of("bootstrap.servers", cluster.bootstrapServers());
    service = NotifierService.start(config, kafka, topics, Clock.systemUTC());

    Map<String, Object> producerConfig = new HashMap<>(kafka);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    results = new TopicReader<>(cluster.bootstrapServers(), topics.notificationResults());
    deadLetters = new TopicReader<>(cluster.bootstrapServers(), topics.deadLetters());
  }

  @AfterAll
  static void stopNotifier() {
    if (service != null) {
      service.close();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {results, deadLetters, producer, webhook, cluster}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // Keep closing the rest; the JVM ends with the test run.
      }
    }
  }

  @Test
  void deliversEachNotificationToTheWebhookOnceAndReportsIt() {
    String incident = "INC-" + UUID.randomUUID();
    List<String> ids = List.of(incident + ":1:a", incident + ":1:b", incident + ":1:c");
    ids.forEach(id -> produce(SampleNotifications.opened(id, incident)));
    // The same notification again, as after a producer retry; then a marker that is processed after it.
    produce(SampleNotifications.opened(ids.get(0), incident));
    String marker = incident + ":1:marker";
    produce(SampleNotifications.opened(marker, incident));

    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
        assertThat(resultsFor(marker)).extracting(DeliveryResult::getIntegration)
            .as("a configured webhook, and no log line per notification beside it")
            .containsExactly(WebhookChannel.INTEGRATION));

    for (String id : ids) {
      assertThat(webhook.requestsFor(id)).singleElement().satisfies(request -> {
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/ops");
        assertThat(request.header(WebhookChannel.NOTIFICATION_ID_HEADER)).isEqualTo(id);
        assertThat(request.bodyText()).contains("\"notificationId\":\"" + id + "\"");
      });
      assertThat(resultsFor(id)).extracting(DeliveryResult::getIntegration, DeliveryResult::getOutcome,
          DeliveryResult::getAttempts).containsExactly(
              tuple(WebhookChannel.INTEGRATION, DeliveryOutcome.DELIVERED, 1));
    }
    assertThat(resultsFor(ids.get(0))).allSatisfy(result -> assertThat(result.getIncidentId()).isEqualTo(incident));
  }

  @Test
  void retriesAServerErrorAndDeliversOnce() {
    String incident = "INC-" + UUID.randomUUID();
    String id = incident + ":1:ops";
    webhook.script(id, Answer.status(500), Answer.status(200));

    produce(SampleNotifications.opened(id, incident));

    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
        assertThat(resultsFor(id)).filteredOn(r -> r.getIntegration().equals(WebhookChannel.INTEGRATION))
            .singleElement().satisfies(result -> {
              assertThat(result.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
              assertThat(result.getAttempts()).isEqualTo(2);
              assertThat(result.getStatusCode()).isEqualTo(200);
            }));
    assertThat(webhook.requestsFor(id)).extracting(RecordingWebhook.Request::answeredStatus)
        .containsExactly(500, 200);
  }

  @Test
  void deadLettersAPermanentlyRefusedNotificationWithTheReason() {
    String incident = "INC-" + UUID.randomUUID();
    String id = incident + ":1:ops";
    webhook.script(id, Answer.status(400));

    produce(SampleNotifications.opened(id, incident));

    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
        assertThat(deadLettersFor(id)).hasSize(1));
    Received<byte[], byte[]> deadLetter = deadLettersFor(id).get(0);
    assertThat(deadLetter.header(DeadLetterHeaders.REASON)).isEqualTo("webhook answered HTTP 400");
    assertThat(deadLetter.header(DeadLetterHeaders.INTEGRATION)).isEqualTo("webhook");
    assertThat(deadLetter.header(DeadLetterHeaders.TOPIC)).isEqualTo(topics.notifications().name());
    assertThat(deadLetter.header(DeadLetterHeaders.PARTITION)).matches("\\d+");
    assertThat(deadLetter.header(DeadLetterHeaders.OFFSET)).matches("\\d+");
    assertThat(new String(deadLetter.key(), StandardCharsets.UTF_8)).isEqualTo(incident);
    assertThat(webhook.requestsFor(id)).hasSize(1);
    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
        assertThat(resultsFor(id)).filteredOn(r -> r.getIntegration().equals(WebhookChannel.INTEGRATION))
            .singleElement().satisfies(result -> {
              assertThat(result.getOutcome()).isEqualTo(DeliveryOutcome.PERMANENT_FAILURE);
              assertThat(result.getReason()).isEqualTo("webhook answered HTTP 400").doesNotContain(TOKEN);
            }));
  }

  @Test
  void deadLettersANotificationOnceItsRetryBudgetIsSpent() {
    String incident = "INC-" + UUID.randomUUID();
    String id = incident + ":1:ops";
    webhook.script(id, Answer.status(503), Answer.status(503), Answer.status(503), Answer.status(200));

    produce(SampleNotifications.opened(id, incident));

    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
        assertThat(deadLettersFor(id)).singleElement().satisfies(deadLetter ->
            assertThat(deadLetter.header(DeadLetterHeaders.REASON))
                .isEqualTo("gave up after 3 attempts: webhook answered HTTP 503")));
    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
        assertThat(resultsFor(id)).filteredOn(r -> r.getIntegration().equals(WebhookChannel.INTEGRATION))
            .singleElement().satisfies(result -> {
              assertThat(result.getOutcome()).isEqualTo(DeliveryOutcome.DEAD_LETTERED);
              assertThat(result.getAttempts()).isEqualTo(3);
              assertThat(result.getStatusCode()).isEqualTo(503);
            }));
    assertThat(webhook.requestsFor(id)).hasSize(3);
  }

  @Test
  void aRestartedNotifierDoesNotResendWhatItCommitted() throws InterruptedException {
    String group = "notifier-it-restart-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    String first = incident + ":1:ops";
    String second = incident + ":2:ops";
    try (RecordingWebhook ownWebhook = RecordingWebhook.start()) {
      NotifierConfig config = new NotifierConfig(Map.of("notifier.group.id", group,
          "webhook.url", ownWebhook.url("/hook").toString()));
      Map<String, Object> kafka = Map.of("bootstrap.servers", cluster.bootstrapServers());

      NotifierService before = NotifierService.start(config, kafka, topics, Clock.systemUTC());
      produce(SampleNotifications.opened(first, incident));
      await().atMost(PATIENCE).until(() -> ownWebhook.requestsFor(first).size() == 1);
      before.close();

      assertThat(before.isRunning()).isFalse();
      assertThat(before.failure()).isEmpty();

      try (NotifierService after = NotifierService.start(config, kafka, topics, Clock.systemUTC())) {
        produce(SampleNotifications.opened(second, incident));
        await().atMost(PATIENCE).until(() -> ownWebhook.requestsFor(second).size() == 1);
        assertThat(ownWebhook.requestsFor(first)).hasSize(1);
        assertThat(after.failure()).isEmpty();
      }
    }
  }

  @Test
  void deliversToTheNamedReceiversWebhookOnlyAndDeadLettersAnUnknownReceiver(@TempDir Path directory)
      throws IOException {
    String incident = "INC-" + UUID.randomUUID();
    String forA = incident + ":1:team-a";
    String forB = incident + ":1:team-b";
    String forGhost = incident + ":1:ghost";
    try (RecordingWebhook stubA = RecordingWebhook.start(); RecordingWebhook stubB = RecordingWebhook.start()) {
      Path file = directory.resolve("tocsin.yml");
      Files.writeString(file, """
          receivers:
            - name: sre-oncall   # the other tests' notifications, which this service reads too: log only
            - name: team-a
              webhook_configs: [{url: "${TEAM_A_URL}"}]
            - name: team-b
              webhook_configs: [{url: "%s"}]
          """.formatted(stubB.url("/b")));
      NotifierConfig config = new NotifierConfig(Map.of(
          "notifier.group.id", "notifier-it-receivers-" + UUID.randomUUID(),
          "notifier.receivers.file", file.toString()));
      Map<String, Object> kafka = Map.of("bootstrap.servers", cluster.bootstrapServers());
      ReceiverChannels routing = ReceiverChannels.from(config, Map.of("TEAM_A_URL", stubA.url("/a").toString()),
          Clock.systemUTC());

      try (NotifierService routed = NotifierService.start(config, kafka, topics, Clock.systemUTC(), routing)) {
        produce(forReceiver(SampleNotifications.opened(forA, incident), "team-a"));
        produce(forReceiver(SampleNotifications.opened(forGhost, incident), "ghost"));
        produce(forReceiver(SampleNotifications.opened(forB, incident), "team-b"));

        await().atMost(PATIENCE).pollInSameThread().untilAsserted(() -> {
          assertThat(stubA.requests()).extracting(r -> r.header(WebhookChannel.NOTIFICATION_ID_HEADER))
              .containsExactly(forA);
          assertThat(stubB.requests()).extracting(r -> r.header(WebhookChannel.NOTIFICATION_ID_HEADER))
              .containsExactly(forB);
        });
        await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
            assertThat(resultsFor(forGhost))
                .filteredOn(r -> r.getIntegration().equals(NotifierService.UNROUTED_INTEGRATION))
                .singleElement().satisfies(result -> {
                  assertThat(result.getOutcome()).isEqualTo(DeliveryOutcome.PERMANENT_FAILURE);
                  assertThat(result.getReason()).isEqualTo("unknown receiver \"ghost\"");
                  assertThat(result.getReceiver()).isEqualTo("ghost");
                  assertThat(result.getAttempts()).isZero();
                }));
        await().atMost(PATIENCE).pollInSameThread().untilAsserted(() ->
            assertThat(deadLettersFor(forGhost)).singleElement().satisfies(deadLetter -> {
              assertThat(deadLetter.header(DeadLetterHeaders.REASON))
                  .isEqualTo("unknown receiver \"ghost\"");
              assertThat(deadLetter.header(DeadLetterHeaders.TOPIC))
                  .isEqualTo(topics.notifications().name());
            }));
        assertThat(resultsFor(forA)).filteredOn(r -> r.getIntegration().equals(WebhookChannel.INTEGRATION))
            .extracting(DeliveryResult::getOutcome).contains(DeliveryOutcome.DELIVERED);
        assertThat(routed.isRunning()).isTrue();
        assertThat(routed.failure()).isEmpty();
      }
    }
  }

  private static Notification forReceiver(Notification notification, String receiver) {
    return Notification.newBuilder(notification).setReceiver(receiver).build();
  }

  @Test
  void deadLettersAnUndecodableRecordAndKeepsDelivering() {
    String incident = "INC-" + UUID.randomUUID();
    byte[] garbage = ("not avro " + incident).getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(topics.notifications().name(), incident.getBytes(StandardCharsets.UTF_8),
        garbage));
    String id = incident + ":1:ops";
    produce(SampleNotifications.opened(id, incident));

    await().atMost(PATIENCE).pollInSameThread().untilAsserted(() -> {
      assertThat(deadLetters.poll()).filteredOn(record -> new String(record.value(), StandardCharsets.UTF_8)
          .equals("not avro " + incident)).isNotEmpty().allSatisfy(record -> {
            assertThat(record.header(DeadLetterHeaders.REASON)).contains("magic byte");
            assertThat(record.header(DeadLetterHeaders.INTEGRATION)).isNull();
          });
      assertThat(resultsFor(id)).extracting(DeliveryResult::getIntegration)
          .as("the next record still delivered").containsExactly(WebhookChannel.INTEGRATION);
    });
    assertThat(service.isRunning()).isTrue();
  }

  private static void produce(Notification notification) {
    String topic = topics.notifications().name();
    String key = notification.getEvent().getIncidentId();
    try {
      producer.send(new ProducerRecord<>(topic, topics.notifications().keySerde().serializer().serialize(topic, key),
          topics.notifications().valueSerde().serializer().serialize(topic, notification))).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce notification", e);
    }
  }

  private static List<DeliveryResult> resultsFor(String notificationId) {
    return results.poll().stream().map(Received::value)
        .filter(result -> result.getNotificationId().equals(notificationId)).toList();
  }

  private static List<Received<byte[], byte[]>> deadLettersFor(String notificationId) {
    String topic = topics.notifications().name();
    return deadLetters.poll().stream().filter(record -> {
      try {
        return topics.notifications().valueSerde().deserializer().deserialize(topic, record.value())
            .getNotificationId().equals(notificationId);
      } catch (RuntimeException undecodable) {
        return false;
      }
    }).toList();
  }

  /** A record read back, decoded with its topic's serdes. */
  private record Received<K, V>(K key, V value, Headers headers) {
    String header(String name) {
      Header header = headers.lastHeader(name);
      return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
  }

  /** Reads a whole topic from the beginning, accumulating what it has seen; poll from one thread. */
  private static final class TopicReader<K, V> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicSpec<K, V> spec;
    private final List<Received<K, V>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, TopicSpec<K, V> spec) {
      this.spec = spec;
      Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(spec.name()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    synchronized List<Received<K, V>> poll() {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        seen.add(new Received<>(spec.keySerde().deserializer().deserialize(record.topic(), record.key()),
            spec.valueSerde().deserializer().deserialize(record.topic(), record.value()), record.headers()));
      }
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
