package dev.tocsin.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.config.ServiceProperties;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.testing.TestKafkaCluster;
import dev.tocsin.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a real broker, stopped while an escalation is pending and started again on the
 * same state directory: the escalation fires once, and not before it is due.
 */
class IncidentStreamsRestartIT {
  private static final String SCOPE = "incident-streams-restart-it";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration ESCALATE_AFTER = Duration.ofSeconds(15);

  private static TestKafkaCluster kafka;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = TestKafkaCluster.start(1);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 2, (short) 1);
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  private static Map<String, Object> settings() throws Exception {
    Path file = dir.resolve("tocsin.yml");
    Files.writeString(file, """
        route:
          receiver: team-slack
          group_wait: 0s
          escalation_policy: pager
        escalation_policies:
          - name: pager
            levels:
              - delay: %ds
                receivers: [primary]
              - delay: 0s
                receivers: [secondary]
        reminders: {}
        """.formatted(ESCALATE_AFTER.toSeconds()));
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("schema.registry.url", "mock://" + SCOPE);
    settings.put("streams.state.dir", dir.resolve("state").toString());
    settings.put("incidents.config.file", file.toString());
    settings.put("kafka.commit.interval.ms", "100");
    return settings;
  }

  private static IncidentStreamsService start(Map<String, Object> settings) {
    return IncidentStreamsService.start(new IncidentStreamsConfig(settings),
        ServiceProperties.kafkaClientProperties(settings), Topics.create(settings), settings);
  }

  private static List<Notification> notificationsUntil(Predicate<List<Notification>> done) {
    var deserializer = Topics.create(Map.of("schema.registry.url", "mock://" + SCOPE)).notifications()
        .valueSerde().deserializer();
    return TopicReader.readUntil(kafka.bootstrapServers(), TopicNames.NOTIFICATIONS,
            records -> done.test(records.stream().map(r -> deserializer.deserialize(TopicNames.NOTIFICATIONS,
                r.value())).toList()), WAIT).stream()
        .map(r -> deserializer.deserialize(TopicNames.NOTIFICATIONS, r.value())).toList();
  }

  @Test
  void escalationPendingAtShutdownFiresOnceAfterTheRestartAndNotBeforeItIsDue() throws Exception {
    Map<String, Object> settings = settings();
    Topics topics = Topics.create(settings);
    Alert alert = Alert.newBuilder().setSource(AlertSource.ALERTMANAGER).setFingerprint("fp-restart")
        .setStatus(AlertStatus.FIRING)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", "checkout", "severity", "critical"))
        .setStartsAt(Instant.now()).setReceivedAt(Instant.now()).build();

    Instant opened;
    try (IncidentStreamsService first = start(settings);
        KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
            topics.alerts().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(TopicNames.ALERTS, alert.getFingerprint(), alert)).get();
      List<Notification> first3 = notificationsUntil(n -> n.stream()
          .anyMatch(x -> x.getEvent().getType() == IncidentEventType.OPENED && x.getReceiver().equals("primary")
              && ofThisTest(x)));
      Notification page = first3.stream().filter(n -> n.getReceiver().equals("primary"))
          .filter(IncidentStreamsRestartIT::ofThisTest).findFirst().orElseThrow();
      opened = page.getRequestedAt();
      assertThat(page.getIncident().getNextEscalationAt()).isEqualTo(opened.plus(ESCALATE_AFTER));
      assertThat(first.running()).isTrue();
    }
    // Stopped with the escalation to "secondary" pending; start again before it is due.
    try (IncidentStreamsService second = start(settings)) {
      List<Notification> all = notificationsUntil(n -> n.stream()
          .anyMatch(x -> x.getEvent().getType() == IncidentEventType.ESCALATED && ofThisTest(x)));
      Notification escalated = all.stream().filter(n -> n.getEvent().getType() == IncidentEventType.ESCALATED)
          .filter(IncidentStreamsRestartIT::ofThisTest)
          .findFirst().orElseThrow();
      Instant due = opened.plus(ESCALATE_AFTER);
      System.out.printf("escalation due %s, requested %s (%d ms late)%n", due, escalated.getRequestedAt(),
          Duration.between(due, escalated.getRequestedAt()).toMillis());
      assertThat(escalated.getReceiver()).isEqualTo("secondary");
      assertThat(second.running()).isTrue();
      assertThat(escalated.getRequestedAt()).as("not before it is due").isAfterOrEqualTo(due);

      // Let a few more timer scans pass: the escalation must not fire twice.
      Thread.sleep(3_000);
      // The class's other test shares the topic: only this incident's notifications count.
      List<Notification> settled = notificationsUntil(n -> true).stream()
          .filter(IncidentStreamsRestartIT::ofThisTest).toList();
      assertThat(settled).filteredOn(n -> n.getEvent().getType() == IncidentEventType.ESCALATED).hasSize(1);
      assertThat(settled).filteredOn(n -> n.getEvent().getType() == IncidentEventType.OPENED)
          .extracting(Notification::getReceiver).containsExactly("team-slack", "primary");
    }
  }

  @Test
  void anEngineRestartedWithItsStateDirectoryTakesItsTasksBackWithoutWaitingForTheDeadOnesSession()
      throws Exception {
    Map<String, Object> settings = settings();
    // A session far longer than the test waits: only static membership (the engine's name kept in
    // its state directory) hands the tasks over before it ends.
    settings.put("kafka.main.consumer.session.timeout.ms", "120000");
    Duration taken = restartAfterVanishing(settings, settings, "static");
    System.out.printf("restarted engine (same state directory) paged for a new alert %d ms after it started%n",
        taken.toMillis());
    assertThat(taken).as("well inside the vanished member's 120 s session").isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aNewEngineInstanceTakesTheVanishedOnesTasksOnceTheShortSessionExpires() throws Exception {
    Map<String, Object> settings = settings();
    Map<String, Object> elsewhere = new HashMap<>(settings);
    elsewhere.put("streams.state.dir", dir.resolve("state-elsewhere").toString());
    Duration taken = restartAfterVanishing(settings, elsewhere, "new");
    System.out.printf("new engine instance paged for a new alert %d ms after it started%n", taken.toMillis());
    // Kafka's default session (45 s) would keep the vanished member's tasks for 45 s.
    assertThat(taken).isLessThan(Duration.ofSeconds(30));
  }

  /**
   * Starts an engine with {@code before}, lets it page once and vanish without leaving its group,
   * starts one with {@code after} and returns how long after its start a new alert was paged.
   */
  private static Duration restartAfterVanishing(Map<String, Object> before, Map<String, Object> after, String tag)
      throws Exception {
    Topics topics = Topics.create(before);
    try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        topics.alerts().valueSerde().serializer())) {
      IncidentStreamsService first = start(before);
      String fpBefore = "fp-before-" + tag;
      producer.send(new ProducerRecord<>(TopicNames.ALERTS, fpBefore, alert(fpBefore, "payments-" + tag))).get();
      notificationsUntil(n -> n.stream().anyMatch(x -> x.getIncident().getAlerts().stream()
          .anyMatch(a -> a.getFingerprint().equals(fpBefore))));
      first.abandon();

      long started = System.nanoTime();
      try (IncidentStreamsService second = start(after)) {
        String fpAfter = "fp-after-" + tag;
        producer.send(new ProducerRecord<>(TopicNames.ALERTS, fpAfter, alert(fpAfter, "search-" + tag))).get();
        notificationsUntil(n -> n.stream().anyMatch(x -> x.getIncident().getAlerts().stream()
            .anyMatch(a -> a.getFingerprint().equals(fpAfter))));
        Duration taken = Duration.ofNanos(System.nanoTime() - started);
        assertThat(second.running()).isTrue();
        return taken;
      }
    }
  }

  /** A notification of the escalation test's incident (the class's tests share the topic). */
  private static boolean ofThisTest(Notification notification) {
    return notification.getIncident().getAlerts().stream().anyMatch(a -> a.getFingerprint().equals("fp-restart"));
  }

  private static Alert alert(String fingerprint, String service) {
    return Alert.newBuilder().setSource(AlertSource.ALERTMANAGER).setFingerprint(fingerprint)
        .setStatus(AlertStatus.FIRING)
        .setLabels(Map.of("alertname", "Vanished", "service", service, "severity", "warning"))
        .setStartsAt(Instant.now()).setReceivedAt(Instant.now()).build();
  }
}
