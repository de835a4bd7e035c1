package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.avro.DeliveryOutcome;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.notifier.delivery.ResultAware;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import dev.tocsin.notifier.receiver.ReceiversFile;
import dev.tocsin.notifier.support.RecordingWebhook;
import dev.tocsin.notifier.support.RecordingWebhook.Answer;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.notifier.support.SlackWebApiFormat;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import dev.tocsin.testing.TestKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery lanes, retries, dead letters and the delivered-id memory on a real broker. One cluster
 * for the class; each test runs its own notifier (own group, own channels) and addresses its own
 * receiver name, so the services of other tests, which read the same topic, skip its
 * notifications and it skips theirs. Every wait is for an event, never for a duration.
 */
class NotifierLanesIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TOKEN = "lanes-s3cret-token";

  private static TestKafkaCluster cluster;
  private static Topics topics;
  private static Map<String, Object> kafka;
  private static KafkaProducer<byte[], byte[]> producer;
  private static KafkaConsumer<byte[], byte[]> reader;
  private static final List<ConsumerRecord<byte[], byte[]>> seenResults = new ArrayList<>();
  private static final List<ConsumerRecord<byte[], byte[]>> seenDeadLetters = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws InterruptedException {
    cluster = TestKafkaCluster.start(1);
    try (Admin admin = cluster.admin()) {
      TopicAdmin.ensureTopics(admin, 3, (short) 1);
    }
    topics = Topics.create(Map.of("schema.registry.url", "mock://notifier-lanes-it"));
    kafka = Map.of("bootstrap.servers", cluster.bootstrapServers());
    Map<String, Object> producerConfig = new HashMap<>(kafka);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.notificationResults().name(), topics.deadLetters().name())) {
      reader.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
  }

  @AfterAll
  static void stopCluster() {
    for (AutoCloseable closeable : new AutoCloseable[] {reader, producer, cluster}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // Keep closing the rest.
      }
    }
  }

  @Test
  void deliversEachNotificationOnceThroughA429Storm() {
    String receiver = "storm-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    List<String> ids = List.of(incident + ":1", incident + ":2", incident + ":3");
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      Answer tooMany = Answer.status(429).withHeader("Retry-After", "0");
      ids.forEach(id -> stub.script(id, tooMany, tooMany, tooMany, tooMany, Answer.status(200)));
      try (NotifierService service = start(receiver, Map.of("retry.max.attempts", "8"),
          only(receiver, webhook(stub)))) {
        ids.forEach(id -> produce(notification(id, incident, receiver)));
        // The same notification again, as after a producer retry, then a marker behind it in the lane.
        produce(notification(ids.get(0), incident, receiver));
        String marker = incident + ":marker";
        produce(notification(marker, incident, receiver));

        await().atMost(PATIENCE).until(() -> stub.requestsFor(marker).size() == 1 && results(marker).size() == 1);

        for (String id : ids) {
          assertThat(stub.requestsFor(id)).extracting(RecordingWebhook.Request::answeredStatus)
              .containsExactly(429, 429, 429, 429, 200);
          assertThat(results(id)).singleElement().satisfies(result -> {
            assertThat(result.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(result.getAttempts()).isEqualTo(5);
          });
        }
        assertThat(service.failure()).isEmpty();
      }
    }
  }

  @Test
  void deliversOnceAfterServerErrors() {
    String receiver = "flaky-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    String id = incident + ":1";
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      stub.script(id, Answer.status(503), Answer.status(502), Answer.status(200));
      try (NotifierService service = start(receiver, Map.of(), only(receiver, webhook(stub)))) {
        produce(notification(id, incident, receiver));

        await().atMost(PATIENCE).until(() -> results(id).size() == 1);

        assertThat(stub.requestsFor(id)).extracting(RecordingWebhook.Request::answeredStatus)
            .containsExactly(503, 502, 200);
        assertThat(results(id)).singleElement().satisfies(result -> {
          assertThat(result.getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
          assertThat(result.getAttempts()).isEqualTo(3);
        });
        assertThat(service.failure()).isEmpty();
      }
    }
  }

  @Test
  void deadLettersAPermanentFailureWithWhereAndWhy() throws Exception {
    String receiver = "refusing-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    String id = incident + ":1";
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      stub.script(id, Answer.status(404));
      NotifierMetrics metrics = new NotifierMetrics();
      try (metrics; NotifierService service = start(receiver, Map.of(), only(receiver, webhook(stub)), metrics)) {
        RecordMetadata written = produce(notification(id, incident, receiver));

        await().atMost(PATIENCE).until(() -> deadLetters(id).size() == 1 && results(id).size() == 1);

        ConsumerRecord<byte[], byte[]> deadLetter = deadLetters(id).get(0);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("webhook answered HTTP 404");
        assertThat(header(deadLetter, DeadLetterHeaders.INTEGRATION)).isEqualTo("webhook");
        assertThat(header(deadLetter, DeadLetterHeaders.TOPIC)).isEqualTo(topics.notifications().name());
        assertThat(header(deadLetter, DeadLetterHeaders.PARTITION))
            .isEqualTo(String.valueOf(written.partition()));
        assertThat(header(deadLetter, DeadLetterHeaders.OFFSET)).isEqualTo(String.valueOf(written.offset()));
        assertThat(results(id)).singleElement().extracting(DeliveryResult::getOutcome)
            .isEqualTo(DeliveryOutcome.PERMANENT_FAILURE);
        assertThat(stub.requestsFor(id)).hasSize(1);
        assertThat(metrics.scrape())
            .contains("tocsin_notification_dead_letters_total{integration=\"webhook\",reason=\"refused\"} 1.0")
            .contains("tocsin_notifications_total{integration=\"webhook\",outcome=\"permanent_failure\"} 1.0")
            .contains("tocsin_notification_delivery_seconds_bucket{integration=\"webhook\"")
            .contains("tocsin_notification_lane_depth{lane=\"webhook\"}")
            .doesNotContain(TOKEN);
        assertThat(service.isRunning()).isTrue();
      }
    }
  }

  @Test
  void aBlockedLaneDelaysNeitherAnotherLaneNorTheCommitOfWhatItHasNotFinished() throws Exception {
    String receiver = "isolated-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    List<String> ids = List.of(incident + ":1", incident + ":2", incident + ":3", incident + ":4");
    String group = "lanes-it-" + UUID.randomUUID();
    Gate slack = new Gate("gate", receiver);
    try (RecordingWebhook stub = RecordingWebhook.start();
        NotifierService service = start(group, receiver, Map.of(), List.of(slack, only(receiver, webhook(stub))),
            null)) {
      List<RecordMetadata> written = new ArrayList<>();
      ids.forEach(id -> written.add(produce(notification(id, incident, receiver))));

      // Given the gate lane stuck on the first notification, the webhook lane delivers all four, in order.
      await().atMost(PATIENCE).until(() -> stub.requests().size() == ids.size() && results(ids.get(3)).size() == 1);
      assertThat(stub.requests()).extracting(r -> r.header(WebhookChannel.NOTIFICATION_ID_HEADER))
          .containsExactlyElementsOf(ids);
      assertThat(slack.entered()).containsExactly(ids.get(0));
      // Nothing of the incident is committed: its first record still waits for the gate lane.
      TopicPartition partition = new TopicPartition(written.get(0).topic(), written.get(0).partition());
      assertThat(committed(group, partition)).satisfiesAnyOf(
          offset -> assertThat(offset).isNull(),
          offset -> assertThat(offset.offset()).isLessThanOrEqualTo(written.get(0).offset()));

      slack.open();

      await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> results(id).size() == 2));
      assertThat(slack.entered()).containsExactlyElementsOf(ids);
      await().atMost(PATIENCE).until(() -> {
        OffsetAndMetadata offset = committed(group, partition);
        return offset != null && offset.offset() > written.get(3).offset();
      });
      assertThat(stub.requests()).hasSize(ids.size());
      assertThat(service.failure()).isEmpty();
    }
  }

  @Test
  void aNotifierKilledMidDeliveryDoesNotResendWhatItRecordedAfterARestart() throws Exception {
    String receiver = "crash-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    String id = incident + ":1";
    String later = incident + ":2";
    String group = "lanes-it-crash-" + UUID.randomUUID();
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      NotificationChannel hook = only(receiver, webhook(stub));
      Gate stuck = new Gate("gate", receiver);
      NotifierService first = start(group, receiver, Map.of(), List.of(hook, stuck), null);
      RecordMetadata written;
      try {
        written = produce(notification(id, incident, receiver));
        // Given the webhook delivered and its result is in Kafka, while the gate lane is mid-delivery...
        await().atMost(PATIENCE).until(() -> results(id).size() == 1 && stuck.entered().contains(id));
        assertThat(stub.requestsFor(id)).hasSize(1);
      } finally {
        // ... the notifier dies: nothing more is committed, the gate's delivery is cut off.
        first.halt();
      }
      assertThat(first.isRunning()).isFalse();
      TopicPartition partition = new TopicPartition(written.topic(), written.partition());
      assertThat(committed(group, partition)).satisfiesAnyOf(
          offset -> assertThat(offset).isNull(),
          offset -> assertThat(offset.offset()).isLessThanOrEqualTo(written.offset()));

      Gate open = new Gate("gate", receiver);
      open.open();
      try (NotifierService second = start(group, receiver, Map.of(), List.of(hook, open), null)) {
        produce(notification(later, incident, receiver));

        // The record comes again: the gate gets it; the webhook, whose result says delivered, does not.
        await().atMost(PATIENCE).until(() -> stub.requestsFor(later).size() == 1 && results(later).size() == 2);
        assertThat(open.entered()).containsExactly(id, later);
        assertThat(stub.requestsFor(id)).hasSize(1);
        assertThat(results(id)).extracting(DeliveryResult::getIntegration, DeliveryResult::getOutcome)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("webhook", DeliveryOutcome.DELIVERED),
                org.assertj.core.groups.Tuple.tuple("gate", DeliveryOutcome.DELIVERED));
        assertThat(second.failure()).isEmpty();
      }
    }
  }

  @Test
  void aNotifierRestartedUnderItsInstanceIdTakesItsPartitionsBackWithoutWaitingForTheDeadOnesSession()
      throws Exception {
    String receiver = "static-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    String group = "lanes-it-static-" + UUID.randomUUID();
    // A session far longer than the test may wait: only static membership can hand the partitions
    // over before it ends.
    Map<String, Object> longSession = new HashMap<>(kafka);
    longSession.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 120_000);
    longSession.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    Map<String, String> named = Map.of("notifier.group.id", group, "notifier.group.instance.id", "notifier-a");
    try (RecordingWebhook stub = RecordingWebhook.start()) {
      NotificationChannel hook = only(receiver, webhook(stub));
      NotifierService first = NotifierService.start(new NotifierConfig(named), longSession, topics,
          Clock.systemUTC(), ReceiverChannels.forEveryReceiver(List.of(hook)), null);
      produce(notification(incident + ":1", incident, receiver));
      await().atMost(PATIENCE).until(() -> results(incident + ":1").size() == 1);
      first.halt();

      long restarted = System.nanoTime();
      try (NotifierService second = NotifierService.start(new NotifierConfig(named), longSession, topics,
          Clock.systemUTC(), ReceiverChannels.forEveryReceiver(List.of(hook)), null)) {
        produce(notification(incident + ":2", incident, receiver));
        await().atMost(Duration.ofSeconds(90)).until(() -> stub.requestsFor(incident + ":2").size() == 1);
        Duration taken = Duration.ofNanos(System.nanoTime() - restarted);
        System.out.printf("restarted notifier delivered %d ms after it started%n", taken.toMillis());
        assertThat(taken).as("well inside the dead member's 120 s session").isLessThan(Duration.ofSeconds(90));
        assertThat(stub.requestsFor(incident + ":1")).hasSize(1);
        assertThat(second.failure()).isEmpty();
      }
    }
  }

  @Test
  void replaysTheGroupsResultsIntoAResultAwareChannelBeforeItsFirstDelivery() {
    String receiver = "stateful-" + UUID.randomUUID();
    String incident = "INC-" + UUID.randomUUID();
    String group = "lanes-it-stateful-" + UUID.randomUUID();
    Stateful before = new Stateful(receiver);
    try (NotifierService first = start(group, receiver, Map.of(), List.of(before), null)) {
      produce(notification(incident + ":1", incident, receiver));
      produce(notification(incident + ":2", incident, receiver));
      await().atMost(PATIENCE).until(() -> results(incident + ":2").size() == 1);
      assertThat(first.failure()).isEmpty();
    }

    Stateful after = new Stateful(receiver);
    try (NotifierService second = start(group, receiver, Map.of(), List.of(after), null)) {
      produce(notification(incident + ":3", incident, receiver));
      await().atMost(PATIENCE).until(() -> results(incident + ":3").size() == 1);

      assertThat(after.delivered).containsExactly(incident + ":3");
      assertThat(after.restoredBeforeFirstDelivery).contains(incident + ":1", incident + ":2")
          .doesNotContain(incident + ":3");
      assertThat(second.failure()).isEmpty();
    }
  }

  @Test
  void pacesASlackWebApiLaneToTheSlackRateLimit(@TempDir Path directory) {
    // Regression: the rate-limit table had no entry for slack-api, so the Web API form was never paced.
    String warm = "warm-" + UUID.randomUUID();
    String paced = "paced-" + UUID.randomUUID();
    int perMinute = 120;
    Duration interval = Duration.ofMinutes(1).dividedBy(perMinute);
    int count = 5;
    try (RecordingWebhook hook = RecordingWebhook.start(); RecordingWebhook slack = RecordingWebhook.start()) {
      slack.answerByDefault(Answer.status(200)
          .withBody("{\"ok\":true,\"channel\":\"C0INCIDNT\",\"ts\":\"1741083331.000100\"}"));
      ReceiverChannels routing = ReceiverChannels.of(ReceiversFile.parse("""
          receivers:
            - name: %s
              webhook_configs: [{url: "%s"}]
            - name: %s
              slack_configs: [{token: "xoxb-%s", channel: "#incidents", api_base: "%s"}]
          """.formatted(warm, hook.url("/warm"), paced, TOKEN, slack.url("/api")), "lanes.yml", directory,
          Map.of()), Duration.ofSeconds(5), IncidentLinks.none(), Clock.systemUTC());
      Map<String, String> settings = Map.of("notifier.rate.limit.slack.per.minute", String.valueOf(perMinute));
      try (NotifierService service = start("lanes-it-paced-" + UUID.randomUUID(), settings, routing)) {
        // Given the notifier consuming: it starts at the end of the topic, so tell it until it hears ...
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
          String incident = "INC-" + UUID.randomUUID();
          produce(notification(incident + ":1", incident, warm));
          return !hook.requests().isEmpty();
        });

        // ... when notifications of several incidents queue on one Slack channel's lane ...
        long before = System.nanoTime();
        for (int i = 0; i < count; i++) {
          String incident = "INC-" + UUID.randomUUID();
          produce(notification(incident + ":1", incident, paced));
        }
        await().atMost(PATIENCE).until(() -> slack.requests().size() == count);

        // ... then the last leaves no sooner than count - 1 intervals after the lane was made: a
        // smooth limiter gives its k-th permit k - 1 intervals after its creation at the earliest.
        // (Two consecutive permits can be closer than one interval: Failsafe aligns them to a grid.)
        long last = slack.requests().get(count - 1).receivedAtNanos();
        assertThat(Duration.ofNanos(last - before)).isGreaterThanOrEqualTo(interval.multipliedBy(count - 1));
        assertThat(slack.requests()).extracting(RecordingWebhook.Request::path)
            .containsOnly(SlackWebApiFormat.POST_PATH);
        assertThat(service.failure()).isEmpty();
      }
    }
  }

  private static NotifierService start(String receiver, Map<String, String> settings, NotificationChannel channel) {
    return start("lanes-it-" + UUID.randomUUID(), receiver, settings, List.of(channel), null);
  }

  private static NotifierService start(String receiver, Map<String, String> settings, NotificationChannel channel,
      NotifierMetrics metrics) {
    return start("lanes-it-" + UUID.randomUUID(), receiver, settings, List.of(channel), metrics);
  }

  private static NotifierService start(String group, String receiver, Map<String, String> settings,
      List<NotificationChannel> channels, NotifierMetrics metrics) {
    Map<String, String> config = new HashMap<>(Map.of("notifier.group.id", group, "retry.max.attempts", "3",
        "retry.initial.backoff.ms", "10", "retry.max.backoff.ms", "100"));
    config.putAll(settings);
    return NotifierService.start(new NotifierConfig(config), kafka, topics, Clock.systemUTC(),
        ReceiverChannels.forEveryReceiver(channels), metrics);
  }

  /**
   * A notifier delivering through {@code routing}, which reads only notifications produced after it
   * started: other tests' receivers are not in its routing, and it would dead-letter theirs.
   */
  private static NotifierService start(String group, Map<String, String> settings, ReceiverChannels routing) {
    Map<String, String> config = new HashMap<>(Map.of("notifier.group.id", group));
    config.putAll(settings);
    Map<String, Object> fromTheEnd = new HashMap<>(kafka);
    fromTheEnd.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    return NotifierService.start(new NotifierConfig(config), fromTheEnd, topics, Clock.systemUTC(), routing, null);
  }

  private static NotificationChannel webhook(RecordingWebhook stub) {
    return new WebhookChannel(stub.url("/hook?token=" + TOKEN), Duration.ofSeconds(5), Clock.systemUTC(), null);
  }

  /** {@code channel} for {@code receiver}'s notifications; the other tests' are skipped. */
  private static NotificationChannel only(String receiver, NotificationChannel channel) {
    return new NotificationChannel() {
      @Override
      public String integration() {
        return channel.integration();
      }

      @Override
      public dev.tocsin.notifier.delivery.DeliveryOutcome deliver(Notification notification) {
        return receiver.equals(notification.getReceiver()) ? channel.deliver(notification)
            : dev.tocsin.notifier.delivery.DeliveryOutcome.skipped("another test's receiver");
      }
    };
  }

  private static Notification notification(String id, String incident, String receiver) {
    return Notification.newBuilder(SampleNotifications.opened(id, incident)).setReceiver(receiver).build();
  }

  private static RecordMetadata produce(Notification notification) {
    String topic = topics.notifications().name();
    String key = notification.getEvent().getIncidentId();
    try {
      return producer.send(new ProducerRecord<>(topic, topics.notifications().keySerde().serializer()
          .serialize(topic, key), topics.notifications().valueSerde().serializer().serialize(topic, notification)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce notification", e);
    }
  }

  private static OffsetAndMetadata committed(String group, TopicPartition partition) throws Exception {
    try (Admin admin = cluster.admin()) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
          .get(partition);
    }
  }

  /** This notification's results, for the receiver the test addressed (other tests' services skip it). */
  private static List<DeliveryResult> results(String notificationId) {
    pollReader();
    String topic = topics.notificationResults().name();
    synchronized (seenResults) {
      return seenResults.stream()
          .map(record -> topics.notificationResults().valueSerde().deserializer().deserialize(topic, record.value()))
          .filter(result -> result.getNotificationId().equals(notificationId))
          .filter(result -> result.getOutcome() != DeliveryOutcome.SUPPRESSED)
          .toList();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String notificationId) {
    pollReader();
    String topic = topics.notifications().name();
    synchronized (seenResults) {
      return seenDeadLetters.stream().filter(record -> topics.notifications().valueSerde().deserializer()
          .deserialize(topic, record.value()).getNotificationId().equals(notificationId)).toList();
    }
  }

  private static void pollReader() {
    synchronized (seenResults) {
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
        (record.topic().equals(topics.deadLetters().name()) ? seenDeadLetters : seenResults).add(record);
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** A channel of its own integration that holds every delivery until opened; interruptible. */
  private static final class Gate implements NotificationChannel {
    private final String integration;
    private final String receiver;
    private final CountDownLatch open = new CountDownLatch(1);
    private final List<String> entered = new CopyOnWriteArrayList<>();

    Gate(String integration, String receiver) {
      this.integration = integration;
      this.receiver = receiver;
    }

    void open() {
      open.countDown();
    }

    List<String> entered() {
      return List.copyOf(entered);
    }

    @Override
    public String integration() {
      return integration;
    }

    @Override
    public dev.tocsin.notifier.delivery.DeliveryOutcome deliver(Notification notification) {
      if (!receiver.equals(notification.getReceiver())) {
        return dev.tocsin.notifier.delivery.DeliveryOutcome.skipped("another test's receiver");
      }
      entered.add(notification.getNotificationId());
      try {
        open.await();
        return dev.tocsin.notifier.delivery.DeliveryOutcome.delivered();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return dev.tocsin.notifier.delivery.DeliveryOutcome.retryable("gate interrupted");
      }
    }
  }

  /** A stateful channel such as Slack's Web API one: records what it restored and delivered. */
  private static final class Stateful implements NotificationChannel, ResultAware {
    private final String receiver;
    private final List<String> restored = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private volatile List<String> restoredBeforeFirstDelivery;

    Stateful(String receiver) {
      this.receiver = receiver;
    }

    @Override
    public String integration() {
      return "stateful";
    }

    @Override
    public void restore(DeliveryResult result) {
      restored.add(result.getNotificationId());
    }

    @Override
    public dev.tocsin.notifier.delivery.DeliveryOutcome deliver(Notification notification) {
      if (!receiver.equals(notification.getReceiver())) {
        return dev.tocsin.notifier.delivery.DeliveryOutcome.skipped("another test's receiver");
      }
      if (restoredBeforeFirstDelivery == null) {
        restoredBeforeFirstDelivery = List.copyOf(restored);
      }
      delivered.add(notification.getNotificationId());
      return dev.tocsin.notifier.delivery.DeliveryOutcome.delivered();
    }
  }
}
