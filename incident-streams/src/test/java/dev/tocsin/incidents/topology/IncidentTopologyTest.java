package dev.tocsin.incidents.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.incidents.domain.Grouping;
import java.nio.file.Path;
import java.time.Duration;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentTopologyTest {
  private static final String SCOPE = "incident-topology-test";
  private static final Instant T0 = Instant.parse("2026-11-22T10:53:03.656Z");
  private static final Duration QUIET = Duration.ofMinutes(5);
  private static final Map<String, String> SERDE = Map.of("schema.registry.url", "mock://" + SCOPE);

  private TopologyTestDriver driver;
  private TestInputTopic<String, Alert> alerts;
  private TestOutputTopic<String, Incident> incidents;
  private TestOutputTopic<String, IncidentEvent> events;
  private TestOutputTopic<String, Notification> notifications;

  @TempDir
  Path stateDir;

  @BeforeEach
  void start() {
    Topics topics = Topics.create(SERDE);
    // The service's own Streams settings, so error handling and the dead-letter topic are under test too.
    Properties props = IncidentStreamsService.streamsProperties(
        new IncidentStreamsConfig(Map.of(IncidentStreamsConfig.STATE_DIR_CONFIG, stateDir.toString())),
        Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    driver = new TopologyTestDriver(IncidentTopology.build(Grouping.DEFAULT, List.of("default"), QUIET, topics,
        SERDE),
        props, T0);
    alerts = driver.createInputTopic(topics.alerts().name(), topics.alerts().keySerde().serializer(),
        topics.alerts().valueSerde().serializer());
    incidents = driver.createOutputTopic(topics.incidents().name(), topics.incidents().keySerde().deserializer(),
        topics.incidents().valueSerde().deserializer());
    events = driver.createOutputTopic(topics.incidentEvents().name(),
        topics.incidentEvents().keySerde().deserializer(), topics.incidentEvents().valueSerde().deserializer());
    notifications = driver.createOutputTopic(topics.notifications().name(),
        topics.notifications().keySerde().deserializer(), topics.notifications().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  private static Alert alert(String fingerprint, String instance, AlertStatus status) {
    return Alert.newBuilder()
        .setSource(AlertSource.ALERTMANAGER)
        .setFingerprint(fingerprint)
        .setStatus(status)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", "checkout", "instance", instance,
            "severity", "critical"))
        .setAnnotations(Map.of("summary", "HTTP 5xx ratio above 5% on " + instance))
        .setStartsAt(T0)
        .setEndsAt(status == AlertStatus.RESOLVED ? T0.plusSeconds(120) : null)
        .setReceivedAt(T0)
        .setSourceSeverity(Severity.P0)
        .build();
  }

  private void send(Alert alert) {
    alerts.pipeInput(alert.getFingerprint(), alert);
  }

  @Test
  void groupOpensOneIncidentIgnoresRepeatsAndResolvesAfterItsLastAlert() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-2", "checkout-2", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-2", "checkout-2", AlertStatus.FIRING));
    send(alert("fp-2", "checkout-2", AlertStatus.RESOLVED));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    assertThat(notifications.readValuesToList()).as("only the open so far").hasSize(1);
    driver.advanceWallClockTime(QUIET.plusSeconds(1));

    List<TestRecord<String, IncidentEvent>> timeline = events.readRecordsToList();
    assertThat(timeline).extracting(r -> r.value().getType()).containsExactly(IncidentEventType.OPENED,
        IncidentEventType.ALERT_ADDED, IncidentEventType.ALERT_RESOLVED, IncidentEventType.ALERT_RESOLVED,
        IncidentEventType.RESOLVED);
    assertThat(timeline).extracting(r -> r.value().getSequence()).containsExactly(1L, 2L, 3L, 4L, 5L);
    String id = timeline.get(0).key();
    assertThat(timeline).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));

    List<Notification> sent = notifications.readValuesToList();
    assertThat(sent).extracting(n -> n.getEvent().getType()).containsExactly(IncidentEventType.RESOLVED);
    assertThat(sent).extracting(Notification::getNotificationId).containsExactly(id + ":5:default");

    List<Incident> snapshots = incidents.readValuesToList();
    Incident last = snapshots.get(snapshots.size() - 1);
    assertThat(last.getId()).isEqualTo(id);
    assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(last.getSeverity()).isEqualTo(Severity.P0);
    assertThat(last.getAlerts()).hasSize(2).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED));
  }

  @Test
  void alertFiringAfterResolutionOpensANewIncident() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    driver.advanceWallClockTime(QUIET.plusSeconds(1));
    Alert again = Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.FIRING))
        .setStartsAt(T0.plusSeconds(3600)).build();
    send(again);

    List<Notification> sent = notifications.readValuesToList();
    assertThat(sent).extracting(n -> n.getEvent().getType())
        .containsExactly(IncidentEventType.OPENED, IncidentEventType.RESOLVED, IncidentEventType.OPENED);
    assertThat(sent.get(2).getIncident().getId()).isNotEqualTo(sent.get(0).getIncident().getId());
    assertThat(sent.get(2).getIncident().getGroupOccurrence()).isEqualTo(2);
  }

  @Test
  void flappingAlertWithinTheQuietPeriodNeitherReopensNorPagesTwice() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    driver.advanceWallClockTime(Duration.ofMinutes(2));
    send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.FIRING)).setStartsAt(T0.plusSeconds(180)).build());
    send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.RESOLVED)).setStartsAt(T0.plusSeconds(180))
        .build());
    driver.advanceWallClockTime(Duration.ofMinutes(4));
    assertThat(notifications.readValuesToList()).extracting(n -> n.getEvent().getType())
        .as("the first quiet period was cut short by the flap").containsExactly(IncidentEventType.OPENED);

    driver.advanceWallClockTime(Duration.ofMinutes(2));

    List<Notification> sent = notifications.readValuesToList();
    assertThat(sent).extracting(n -> n.getEvent().getType()).containsExactly(IncidentEventType.RESOLVED);
    assertThat(incidents.readValuesToList()).extracting(Incident::getId).containsOnly(sent.get(0).getIncident().getId());
  }

  @Test
  void alertsOfOneGroupArrivingOutOfOrderStillFormOneIncident() {
    // Alerts are keyed by fingerprint, so a backlog can deliver checkout-1's whole history
    // before checkout-2's first firing; the quiet period keeps them in one incident.
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    send(alert("fp-2", "checkout-2", AlertStatus.FIRING));
    send(alert("fp-2", "checkout-2", AlertStatus.RESOLVED));
    driver.advanceWallClockTime(QUIET.plusSeconds(1));

    List<Notification> sent = notifications.readValuesToList();
    assertThat(sent).extracting(n -> n.getEvent().getType())
        .containsExactly(IncidentEventType.OPENED, IncidentEventType.RESOLVED);
    assertThat(sent.get(1).getIncident().getAlerts()).hasSize(2);
  }

  @Test
  void undecodableAlertIsSkippedAndProcessingContinues() {
    var raw = driver.createInputTopic(Topics.create(SERDE).alerts().name(),
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
    raw.pipeInput("garbage", new byte[] {0, 0, 0, 0, 99, 1, 2});
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    assertThat(notifications.readValuesToList()).hasSize(1);
    // The dead-letter record itself is asserted on a real broker (PipelineIT): the test driver
    // does not capture dead-letter records produced by the deserialization handler.
  }
}
