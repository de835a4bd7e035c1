package dev.tocsin.incidents.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.DeliveryOutcome;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEngineState;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Severity;
import dev.tocsin.avro.Silence;
import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.incidents.config.EngineConfig;
import dev.tocsin.incidents.config.EngineConfigFile;
import dev.tocsin.incidents.metrics.IncidentMetrics;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentTopologyTest {
  private static final String SCOPE = "incident-topology-test";
  private static final Instant T0 = Instant.parse("2026-11-22T10:53:03.656Z");
  private static final Duration QUIET = Duration.ofMinutes(5);
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(1);
  private static final Map<String, String> SERDE = Map.of("schema.registry.url", "mock://" + SCOPE);
  /** Notifies at once (no group wait), so tests of the lifecycle see each notification as it is asked for. */
  private static final String IMMEDIATE = """
      route:
        receiver: default
        group_wait: 0s
      """;

  private final IncidentMetrics metrics = new IncidentMetrics();
  private TopologyTestDriver driver;
  private Topics topics;
  private TestInputTopic<String, Alert> alerts;
  private TestInputTopic<String, IncidentCommand> commands;
  private TestInputTopic<String, DeliveryResult> results;
  private TestOutputTopic<String, Incident> incidents;
  private TestOutputTopic<String, IncidentEvent> events;
  private TestOutputTopic<String, Notification> notifications;
  private TestOutputTopic<String, Silence> silences;

  @TempDir
  Path stateDir;

  @BeforeEach
  void start() {
    start(IMMEDIATE, Duration.ofDays(1));
  }

  private void start(String yaml, Duration dedupRetention) {
    if (driver != null) {
      driver.close();
    }
    topics = Topics.create(SERDE);
    EngineConfig config = EngineConfigFile.parse(yaml, "test.yml", Map.of(),
        EngineConfig.defaults(List.of("default"), List.of("alertname", "service"), QUIET));
    // The service's own Streams settings, so error handling and the dead-letter topic are under test too.
    Properties props = IncidentStreamsService.streamsProperties(
        new IncidentStreamsConfig(Map.of(IncidentStreamsConfig.STATE_DIR_CONFIG, stateDir.toString())),
        Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    // Snapshots are published once per commit interval; a millisecond keeps the tests' clock exact.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(COMMIT_INTERVAL.toMillis()));
    driver = new TopologyTestDriver(IncidentTopology.build(config, dedupRetention, topics, SERDE, metrics), props, T0);
    alerts = driver.createInputTopic(topics.alerts().name(), topics.alerts().keySerde().serializer(),
        topics.alerts().valueSerde().serializer());
    commands = driver.createInputTopic(topics.incidentCommands().name(),
        topics.incidentCommands().keySerde().serializer(), topics.incidentCommands().valueSerde().serializer());
    results = driver.createInputTopic(topics.notificationResults().name(),
        topics.notificationResults().keySerde().serializer(),
        topics.notificationResults().valueSerde().serializer());
    incidents = driver.createOutputTopic(topics.incidents().name(), topics.incidents().keySerde().deserializer(),
        topics.incidents().valueSerde().deserializer());
    events = driver.createOutputTopic(topics.incidentEvents().name(),
        topics.incidentEvents().keySerde().deserializer(), topics.incidentEvents().valueSerde().deserializer());
    notifications = driver.createOutputTopic(topics.notifications().name(),
        topics.notifications().keySerde().deserializer(), topics.notifications().valueSerde().deserializer());
    silences = driver.createOutputTopic(topics.silences().name(), topics.silences().keySerde().deserializer(),
        topics.silences().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
    metrics.close();
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

  private static Alert alert(String fingerprint, Map<String, String> labels) {
    return Alert.newBuilder(alert(fingerprint, "x", AlertStatus.FIRING)).setLabels(labels).setSourceSeverity(null)
        .build();
  }

  private void send(Alert alert) {
    alerts.pipeInput(alert.getFingerprint(), alert);
    pass();
  }

  /** A commit interval of wall-clock time, which publishes the snapshots due. */
  private void pass() {
    driver.advanceWallClockTime(COMMIT_INTERVAL);
  }

  /** Long enough for a change of an incident's alerts alone to be published. */
  private void settle() {
    driver.advanceWallClockTime(PendingSnapshots.SETTLE);
    pass();
  }

  /** Wall-clock time passing, then a pass that publishes what the timers changed. */
  private void tick(Duration by) {
    driver.advanceWallClockTime(by);
    pass();
  }

  private static IncidentCommand.Builder command(String id, CommandType type, String incidentId) {
    return IncidentCommand.newBuilder().setCommandId(id).setType(type).setIncidentId(incidentId)
        .setActor(new Actor("user", "U1", "Ada")).setRequestedAt(T0).setOrigin("slack");
  }

  private void send(IncidentCommand command) {
    commands.pipeInput(command.getIncidentId() == null ? command.getCommandId() : command.getIncidentId(), command);
    pass();
  }

  private List<String> sent() {
    return notifications.readValuesToList().stream()
        .map(n -> n.getReceiver() + " " + n.getEvent().getType()).toList();
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
    assertThat(notifications.readValuesToList()).as("the open; batched updates wait for the group interval")
        .hasSize(1);
    tick(QUIET.plusSeconds(1));

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
    assertThat(timeline).as("no escalation: the built-in P0 policy re-pages at 5 min only while unacknowledged, "
        + "and the incident was monitoring by then").noneMatch(r -> r.value().getType() == IncidentEventType.ESCALATED);

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
    tick(QUIET.plusSeconds(1));
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
  void aSnapshotListsAtMostTwentyAlertsAndCountsThemAllWhileTheTimelineCarriesEachOne() {
    for (int i = 1; i <= 25; i++) {
      alerts.pipeInput("fp-" + i, alert("fp-" + i, "checkout-" + i, AlertStatus.FIRING));
    }
    alerts.pipeInput("fp-2", alert("fp-2", "checkout-2", AlertStatus.RESOLVED));
    alerts.pipeInput("fp-24", alert("fp-24", "checkout-24", AlertStatus.RESOLVED));
    pass();

    Incident snapshot = lastSnapshot();
    assertThat(snapshot.getAlertCount()).isEqualTo(25);
    assertThat(snapshot.getFiringCount()).isEqualTo(23);
    assertThat(snapshot.getAlerts()).as("the opening alert, then the 19 latest firing ones, in arrival order")
        .extracting(IncidentAlert::getFingerprint)
        .containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.of("fp-1"),
            java.util.stream.IntStream.rangeClosed(6, 25).filter(i -> i != 24).mapToObj(i -> "fp-" + i)).toList());

    List<IncidentEvent> timeline = events.readValuesToList();
    assertThat(timeline).filteredOn(e -> e.getType() == IncidentEventType.ALERT_ADDED).hasSize(24)
        .allSatisfy(e -> assertThat(e.getAlert().getFingerprint()).isEqualTo(e.getAlertFingerprint()));
    assertThat(timeline).filteredOn(e -> e.getType() == IncidentEventType.ALERT_RESOLVED)
        .extracting(e -> e.getAlert().getFingerprint() + " " + e.getAlert().getStatus() + " "
            + e.getAlert().getLabels().get("instance"))
        .containsExactly("fp-2 RESOLVED checkout-2", "fp-24 RESOLVED checkout-24");
    assertThat(timeline.get(0).getAlert().getFingerprint()).as("the opening event names its alert").isEqualTo("fp-1");
  }

  @Test
  void alertsJoiningAnOpenIncidentSettleIntoOneSnapshotWhileAChangeOfTheIncidentGoesOutAtOnce() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    List<Incident> opened = incidents.readValuesToList();
    assertThat(opened).as("opened: published at the next pass").hasSize(1);
    String id = opened.get(0).getId();
    for (int i = 2; i <= 6; i++) {
      send(alert("fp-" + i, "checkout-" + i, AlertStatus.FIRING));
    }
    assertThat(incidents.readValuesToList()).as("five passes of joining alerts: still settling").isEmpty();
    assertThat(events.readValuesToList()).as("the timeline has each at once")
        .filteredOn(e -> e.getType() == IncidentEventType.ALERT_ADDED).hasSize(5);
    settle();
    assertThat(incidents.readValuesToList()).singleElement()
        .satisfies(i -> assertThat(i.getAlertCount()).isEqualTo(6));

    send(alert("fp-7", "checkout-7", AlertStatus.FIRING));
    send(command("c-ack", CommandType.ACKNOWLEDGE, id).build());
    assertThat(incidents.readValuesToList()).as("the acknowledgement does not wait, and takes the alert along")
        .singleElement().satisfies(i -> {
          assertThat(i.getStatus()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
          assertThat(i.getAlertCount()).isEqualTo(7);
        });
    settle();
    assertThat(incidents.readValuesToList()).as("nothing left due").isEmpty();
  }

  @Test
  void alertsOfOnePassWriteOneSnapshotAndAreStoredApartFromTheIncident() {
    for (int i = 1; i <= 3; i++) {
      alerts.pipeInput("fp-" + i, alert("fp-" + i, "checkout-" + i, AlertStatus.FIRING));
    }
    assertThat(incidents.readValuesToList()).as("nothing published before the commit interval ends").isEmpty();
    pass();

    assertThat(incidents.readValuesToList()).as("one snapshot for the three alerts").singleElement()
        .satisfies(i -> assertThat(i.getAlerts()).extracting(IncidentAlert::getFingerprint)
            .containsExactly("fp-1", "fp-2", "fp-3"));
    KeyValueStore<String, IncidentEngineState> headers = driver.getKeyValueStore(IncidentTopology.INCIDENT_STORE);
    KeyValueStore<String, IncidentAlert> stored = driver.getKeyValueStore(IncidentTopology.INCIDENT_ALERT_STORE);
    IncidentEngineState header = headers.all().next().value;
    assertThat(header.getIncident().getAlerts()).as("the header carries no alert").isEmpty();
    assertThat(alertsStored(stored)).as("each alert apart, in arrival order")
        .extracting(IncidentAlert::getFingerprint).containsExactly("fp-1", "fp-2", "fp-3");

    send(alert("fp-2", "checkout-2", AlertStatus.RESOLVED));
    assertThat(incidents.readValuesToList()).as("a change of the alerts alone settles first").isEmpty();
    settle();
    assertThat(incidents.readValuesToList()).singleElement().satisfies(i -> assertThat(i.getAlerts())
        .extracting(a -> a.getFingerprint() + " " + a.getStatus())
        .containsExactly("fp-1 FIRING", "fp-2 RESOLVED", "fp-3 FIRING"));
  }

  @Test
  void theGroupsNextIncidentLeavesNoAlertOfThePreviousOneStored() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-2", "checkout-2", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    send(alert("fp-2", "checkout-2", AlertStatus.RESOLVED));
    tick(QUIET.plusSeconds(1));
    String first = lastSnapshot().getId();
    send(Alert.newBuilder(alert("fp-3", "checkout-3", AlertStatus.FIRING)).setStartsAt(T0.plusSeconds(3600)).build());

    List<Incident> published = incidents.readValuesToList();
    assertThat(published).extracting(Incident::getId).doesNotContain(first);
    assertThat(published.get(published.size() - 1).getAlerts()).extracting(IncidentAlert::getFingerprint)
        .containsExactly("fp-3");
    assertThat(alertsStored(driver.getKeyValueStore(IncidentTopology.INCIDENT_ALERT_STORE)))
        .extracting(IncidentAlert::getFingerprint).containsExactly("fp-3");
  }

  private static List<IncidentAlert> alertsStored(KeyValueStore<String, IncidentAlert> store) {
    List<IncidentAlert> all = new ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> all.add(kv.value));
    }
    return all;
  }

  @Test
  void flappingAlertWithinTheQuietPeriodReopensTheSameIncidentWithoutPagingTwice() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    tick(Duration.ofMinutes(2));
    send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.FIRING)).setStartsAt(T0.plusSeconds(180)).build());
    send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.RESOLVED)).setStartsAt(T0.plusSeconds(180))
        .build());
    tick(Duration.ofMinutes(4));
    assertThat(sent()).as("the first quiet period was cut short by the flap; changes went out as one update")
        .containsExactly("default OPENED", "default ALERT_RESOLVED");

    tick(Duration.ofMinutes(2));

    assertThat(sent()).containsExactly("default RESOLVED");
    assertThat(events.readValuesToList()).extracting(IncidentEvent::getType).contains(IncidentEventType.REOPENED)
        .doesNotContain(IncidentEventType.ESCALATED);
    assertThat(incidents.readValuesToList()).extracting(Incident::getId).containsOnly(
        IncidentIds.of("{}:{alertname=\"HighErrorRate\", service=\"checkout\"}", 1));
  }

  @Test
  void alertsOfOneGroupArrivingOutOfOrderStillFormOneIncident() {
    // Alerts are keyed by fingerprint, so a backlog can deliver checkout-1's whole history
    // before checkout-2's first firing; the quiet period keeps them in one incident.
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    send(alert("fp-2", "checkout-2", AlertStatus.FIRING));
    send(alert("fp-2", "checkout-2", AlertStatus.RESOLVED));
    tick(QUIET.plusSeconds(1));

    List<Notification> sent = notifications.readValuesToList();
    assertThat(sent).extracting(n -> n.getEvent().getType())
        .containsExactly(IncidentEventType.OPENED, IncidentEventType.RESOLVED);
    assertThat(sent.get(1).getIncident().getAlerts()).hasSize(2);
  }

  @Test
  void undecodableAlertIsSkippedAndProcessingContinues() {
    var raw = driver.createInputTopic(Topics.create(SERDE).alerts().name(),
        new StringSerializer(),
        new ByteArraySerializer());
    raw.pipeInput("garbage", new byte[] {0, 0, 0, 0, 99, 1, 2});
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    assertThat(notifications.readValuesToList()).hasSize(1);
    // The dead-letter record itself is asserted on a real broker (PipelineIT): the test driver
    // does not capture dead-letter records produced by the deserialization handler.
  }

  private static final String PAGER = """
      route:
        receiver: team-slack
        group_wait: 30s
        escalation_policy: pager
      escalation_policies:
        - name: pager
          levels:
            - delay: 5m
              receivers: [primary]
            - delay: 10m
              receivers: [secondary]
      """;

  @Test
  void groupWaitThenEscalationLevelsFireOnWallClockTimeUntilAcknowledgedFromTheCommandsTopic() {
    start(PAGER, Duration.ofDays(1));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    assertThat(incidents.readValuesToList()).as("the incident opens at once").hasSize(1);
    assertThat(sent()).as("group_wait holds the first notification").isEmpty();

    tick(Duration.ofSeconds(31));
    assertThat(sent()).containsExactly("team-slack OPENED", "primary OPENED");
    tick(Duration.ofMinutes(5));
    List<Notification> escalated = notifications.readValuesToList();
    assertThat(escalated).extracting(n -> n.getReceiver() + " " + n.getEvent().getType())
        .containsExactly("secondary ESCALATED");
    String id = escalated.get(0).getIncident().getId();
    assertThat(escalated.get(0).getIncident().getEscalationStep()).isEqualTo(2);

    send(command("slack:trigger-1", CommandType.ACKNOWLEDGE, id).build());
    advance(Duration.ofHours(1));

    assertThat(sent()).filteredOn(n -> !n.endsWith("REMINDER_DUE")).containsExactly("team-slack ACKNOWLEDGED", "primary ACKNOWLEDGED", "secondary ACKNOWLEDGED");
    Incident last = lastSnapshot();
    assertThat(last.getStatus()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(last.getNextEscalationAt()).isNull();
  }

  @Test
  void escalationLoopsBackToTheFirstLevelUntilItsBudgetIsSpent() {
    start("""
        route:
          receiver: team-slack
          group_wait: 0s
          escalation_policy: pager
        escalation_policies:
          - name: pager
            loops: 1
            levels:
              - delay: 1m
                receivers: [primary]
              - delay: 1m
                receivers: [secondary]
        reminders: {P0: 0}
        """, Duration.ofDays(1));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    advance(Duration.ofMinutes(10));

    assertThat(sent()).containsExactly("team-slack OPENED", "primary OPENED", "secondary ESCALATED",
        "primary ESCALATED", "secondary ESCALATED");
    assertThat(lastSnapshot().getEscalationStep()).isEqualTo(4);
  }

  @Test
  void remindersComeAtTheSeverityCadenceUntilResolvedByCommand() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    String id = lastSnapshot().getId();
    send(command("c-ack", CommandType.ACKNOWLEDGE, id).build());
    advance(Duration.ofMinutes(31));
    send(command("c-resolve", CommandType.RESOLVE, id).setMessage("rolled back").build());
    advance(Duration.ofHours(2));

    assertThat(sent()).containsExactly("default OPENED", "default ACKNOWLEDGED", "default REMINDER_DUE",
        "default REMINDER_DUE", "default RESOLVED");
  }

  @Test
  void commandForAnUnknownIncidentBecomesARejectedEventAndProcessingGoesOn() {
    send(command("c-1", CommandType.ACKNOWLEDGE, "INC-NOSUCH00").build());
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    List<TestRecord<String, IncidentEvent>> timeline = events.readRecordsToList();
    assertThat(timeline.get(0).key()).isEqualTo("INC-NOSUCH00");
    assertThat(timeline.get(0).value().getType()).isEqualTo(IncidentEventType.COMMAND_REJECTED);
    assertThat(timeline.get(0).value().getMessage()).contains("unknown incident INC-NOSUCH00");
    assertThat(timeline.get(1).value().getType()).isEqualTo(IncidentEventType.OPENED);
  }

  @Test
  void anUnreadableSnapshotInTheIndexCountsAsAnUnknownIncident() {
    driver.createInputTopic(topics.incidents().name(), new StringSerializer(),
        new ByteArraySerializer())
        .pipeInput("INC-GARBLED0", new byte[] {0, 0, 0, 0, 1, (byte) 0xff});
    send(command("c-1", CommandType.ACKNOWLEDGE, "INC-GARBLED0").build());
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    List<TestRecord<String, IncidentEvent>> timeline = events.readRecordsToList();
    assertThat(timeline.get(0).value().getType()).isEqualTo(IncidentEventType.COMMAND_REJECTED);
    assertThat(timeline.get(0).value().getMessage()).contains("unknown incident INC-GARBLED0");
    assertThat(timeline.get(1).value().getType()).as("processing goes on").isEqualTo(IncidentEventType.OPENED);
  }

  @Test
  void createCommandOpensAManualIncidentOnceAndAnnouncesItAtOnce() {
    IncidentCommand create = command("slack:create-1", CommandType.CREATE, null).setTitle("Checkout down")
        .setSeverity(Severity.P1).setAffectedComponents(List.of("checkout")).setImpactDescription("no payments")
        .build();
    send(create);
    send(create);

    List<Notification> sent = notifications.readValuesToList();
    assertThat(sent).hasSize(1);
    Incident manual = sent.get(0).getIncident();
    assertThat(manual.getManual()).isTrue();
    assertThat(manual.getTitle()).isEqualTo("Checkout down");
    assertThat(manual.getSeverity()).isEqualTo(Severity.P1);
    assertThat(manual.getImpactDescription()).isEqualTo("no payments");
    assertThat(sent.get(0).getEvent().getActor().getId()).isEqualTo("U1");
  }

  @Test
  void createCommandWithoutATitleIsRejectedOnTheTimeline() {
    send(command("slack:create-2", CommandType.CREATE, null).build());

    assertThat(sent()).isEmpty();
    assertThat(events.readValuesToList()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(IncidentEventType.COMMAND_REJECTED);
      assertThat(e.getMessage()).contains("title");
    });
  }

  @Test
  void silenceCommandIsStoredAndHoldsBackNotificationsOfMatchingIncidents() {
    send(command("c-silence", CommandType.SILENCE, null).setMatchers(List.of("service=\"checkout\""))
        .setUntil(T0.plus(Duration.ofHours(2))).setMessage("deploying").build());
    assertThat(silences.readKeyValuesToMap()).containsKey("c-silence");

    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    Incident silenced = lastSnapshot();
    assertThat(silenced.getStatus()).isEqualTo(IncidentStatus.TRIGGERED);
    assertThat(silenced.getSuppressedBy()).startsWith("silenced by c-silence");
    assertThat(sent()).isEmpty();
    assertThat(events.readValuesToList()).extracting(IncidentEvent::getType)
        .containsExactly(IncidentEventType.OPENED, IncidentEventType.SILENCED);

    advance(Duration.ofMinutes(100));
    assertThat(sent()).as("nothing while the silence lasts").isEmpty();
    advance(Duration.ofMinutes(25));
    assertThat(sent()).as("announced once the silence is over").first().isEqualTo("default OPENED");
  }

  @Test
  void silenceWithoutAReasonStillLetsOtherIncidentsBeAnnounced() {
    // Regression: a silence with no comment made every mute check throw, so nobody was paged.
    send(command("c-silence", CommandType.SILENCE, null).setMatchers(List.of("service=\"search\""))
        .setUntil(T0.plus(Duration.ofHours(2))).build());

    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    assertThat(sent()).containsExactly("default OPENED");
  }

  @Test
  void silenceThatEndedIsTombstonedSoTheStoreDoesNotGrowForever() {
    send(command("c-short", CommandType.SILENCE, null).setMatchers(List.of("service=\"search\""))
        .setUntil(T0.plus(Duration.ofMinutes(30))).build());
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    assertThat(silences.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("c-short");

    advance(Duration.ofMinutes(50));

    assertThat(silences.readKeyValuesToList()).singleElement().satisfies(kv -> {
      assertThat(kv.key).isEqualTo("c-short");
      assertThat(kv.value).isNull();
    });
  }

  @Test
  void criticalIncidentInhibitsAWarningIncidentOfTheSameService() {
    start("""
        route:
          receiver: default
          group_wait: 0s
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity="warning"']
            equal: [service]
        """, Duration.ofDays(1));
    send(alert("crit", Map.of("alertname", "CheckoutDown", "service", "checkout", "severity", "critical")));
    send(alert("warn", Map.of("alertname", "CheckoutSlow", "service", "checkout", "severity", "warning")));
    send(alert("other", Map.of("alertname", "SearchSlow", "service", "search", "severity", "warning")));

    assertThat(sent()).containsExactly("default OPENED", "default OPENED");
    assertThat(events.readValuesToList()).filteredOn(e -> e.getType() == IncidentEventType.INHIBITED)
        .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("inhibited by INC-"));
  }

  @Test
  void alertMatchingARouteWithContinueJoinsAGroupInEachRoute() {
    start("""
        route:
          receiver: default
          group_wait: 0s
          routes:
            - matchers: ['service="checkout"']
              receiver: checkout-team
              continue: true
            - matchers: ['severity="critical"']
              receiver: sre
        """, Duration.ofDays(1));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));

    assertThat(sent()).containsExactlyInAnyOrder("checkout-team OPENED", "sre OPENED");
    assertThat(incidents.readValuesToList()).extracting(Incident::getRoute).containsExactlyInAnyOrder(
        "{}/{service=\"checkout\"}", "{}/{severity=\"critical\"}");
  }

  @Test
  void deliveryResultsGoOnTheIncidentTimeline() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    Notification opened = notifications.readValuesToList().get(0);
    events.readValuesToList();
    incidents.readValuesToList();
    results.pipeInput(opened.getIncident().getId(), DeliveryResult.newBuilder()
        .setNotificationId(opened.getNotificationId()).setIncidentId(opened.getIncident().getId())
        .setEventSequence(1).setReceiver("default").setIntegration("pagerduty")
        .setOutcome(DeliveryOutcome.DELIVERED).setCompletedAt(T0).setStatusCode(202).build());
    pass();

    assertThat(events.readValuesToList()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo(IncidentEventType.NOTIFIED);
      assertThat(e.getMessage()).isEqualTo("paged via pagerduty (receiver default)");
      assertThat(e.getSequence()).isEqualTo(2L);
    });
    assertThat(sent()).as("a timeline fact notifies nobody").isEmpty();
    assertThat(incidents.readValuesToList()).as("nor republishes the snapshot").isEmpty();
  }

  @Test
  void deliveryResultCarryingItsGroupKeyReachesTheTimelineBeforeTheSnapshotIsIndexed() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    Notification opened = notifications.readValuesToList().get(0);
    events.readValuesToList();
    // As in a quick delivery: the result is back before the snapshot reached the global index.
    driver.<String, byte[]>getKeyValueStore(IncidentTopology.INCIDENT_INDEX_STORE).delete(opened.getIncident().getId());

    results.pipeInput(opened.getIncident().getId(), DeliveryResult.newBuilder(delivered(opened))
        .setGroupKey(opened.getIncident().getGroupKey()).build());
    pass();

    assertThat(events.readValuesToList()).singleElement().satisfies(e -> {
      assertThat(e.getIncidentId()).isEqualTo(opened.getIncident().getId());
      assertThat(e.getType()).isEqualTo(IncidentEventType.NOTIFIED);
    });
  }

  @Test
  void commandCarryingItsGroupKeyIsAppliedBeforeTheSnapshotIsIndexed() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    Notification opened = notifications.readValuesToList().get(0);
    events.readValuesToList();
    // As from the incident API, whose read model saw the snapshot before this engine's index did.
    driver.<String, byte[]>getKeyValueStore(IncidentTopology.INCIDENT_INDEX_STORE).delete(opened.getIncident().getId());

    send(command("api-ack", CommandType.ACKNOWLEDGE, opened.getIncident().getId())
        .setGroupKey(opened.getIncident().getGroupKey()).build());

    assertThat(events.readValuesToList()).extracting(IncidentEvent::getType)
        .containsExactly(IncidentEventType.ACKNOWLEDGED);
  }

  private static DeliveryResult delivered(Notification notification) {
    return DeliveryResult.newBuilder()
        .setNotificationId(notification.getNotificationId()).setIncidentId(notification.getIncident().getId())
        .setEventSequence(notification.getEvent().getSequence()).setReceiver(notification.getReceiver())
        .setIntegration("webhook").setOutcome(DeliveryOutcome.DELIVERED).setCompletedAt(T0).setStatusCode(200)
        .build();
  }

  @Test
  void deliveryResultArrivingAfterTheGroupOpenedANewerIncidentGoesOnTheOlderIncidentsTimeline() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.RESOLVED));
    tick(QUIET.plusSeconds(1));
    send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.FIRING)).setStartsAt(T0.plusSeconds(3600)).build());
    List<Notification> sent = notifications.readValuesToList();
    Notification firstResolved = sent.get(1);
    String older = firstResolved.getIncident().getId();
    assertThat(sent.get(2).getIncident().getId()).as("the group's newer incident").isNotEqualTo(older);
    List<IncidentEvent> before = events.readValuesToList();
    long olderLastSequence = before.stream().filter(e -> e.getIncidentId().equals(older))
        .mapToLong(IncidentEvent::getSequence).max().orElseThrow();
    incidents.readValuesToList();

    results.pipeInput(older, delivered(firstResolved));
    pass();
    results.pipeInput(older, delivered(firstResolved));
    pass();

    assertThat(events.readRecordsToList()).as("recorded once, on the older incident").singleElement()
        .satisfies(r -> {
          assertThat(r.key()).isEqualTo(older);
          assertThat(r.value().getType()).isEqualTo(IncidentEventType.NOTIFIED);
          assertThat(r.value().getSequence()).isEqualTo(olderLastSequence + 1);
        });
    assertThat(incidents.readValuesToList()).as("a delivery outcome republishes no snapshot").isEmpty();
    assertThat(sent()).as("a timeline fact notifies nobody").isEmpty();
  }

  @Test
  void aGroupKeepsOnlyItsLatestEarlierIncidents() {
    List<Notification> opened = new ArrayList<>();
    for (int i = 0; i <= EngineProcessor.EARLIER_PER_GROUP + 1; i++) {
      Instant start = T0.plusSeconds(3600L * i);
      send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.FIRING)).setStartsAt(start).build());
      send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.RESOLVED)).setStartsAt(start)
          .setEndsAt(start.plusSeconds(60)).build());
      tick(QUIET.plusSeconds(1));
      opened.add(notifications.readValuesToList().get(0));
    }
    events.readValuesToList();
    // The latest is the group's current incident; the 8 before it are kept; the first is forgotten.
    results.pipeInput(opened.get(0).getIncident().getId(), delivered(opened.get(0)));
    pass();
    assertThat(events.readValuesToList()).as("beyond the bound").isEmpty();
    results.pipeInput(opened.get(1).getIncident().getId(), delivered(opened.get(1)));
    pass();
    assertThat(events.readValuesToList()).singleElement()
        .satisfies(e -> assertThat(e.getIncidentId()).isEqualTo(opened.get(1).getIncident().getId()));
  }

  @Test
  void dedupStateExpiresSoAnOldRepeatPassesOnceMore() {
    start(IMMEDIATE, Duration.ofMinutes(10));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    assertThat(incidents.readValuesToList()).as("the repeat was dropped").hasSize(1);

    tick(Duration.ofMinutes(11));
    incidents.readValuesToList();
    send(Alert.newBuilder(alert("fp-1", "checkout-1", AlertStatus.FIRING))
        .setReceivedAt(T0.plus(Duration.ofMinutes(11))).build());
    settle();

    assertThat(incidents.readValuesToList()).as("forgotten, so it passed on and refreshed the incident").hasSize(1);
  }

  /** Moves the wall clock a minute at a time, as the engine's punctuator would see it pass. */
  private void advance(Duration by) {
    for (long minute = 0; minute < by.toMinutes(); minute++) {
      tick(Duration.ofMinutes(1));
    }
    tick(by.minusMinutes(by.toMinutes()));
  }

  @Test
  void metricsCountOpenedIncidentsAndTimeAcknowledgementAndResolutionBySeverity() {
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    String id = lastSnapshot().getId();
    tick(Duration.ofSeconds(90));
    send(command("c-ack", CommandType.ACKNOWLEDGE, id).build());
    tick(Duration.ofMinutes(10));
    send(command("c-resolve", CommandType.RESOLVE, id).build());
    send(command("c-late", CommandType.ACKNOWLEDGE, id).build());

    String scrape = metrics.scrape();
    assertThat(scrape).contains("tocsin_incidents_opened_total{severity=\"P0\"} 1.0")
        .contains("tocsin_incident_ack_seconds_count{severity=\"P0\"} 1")
        .contains("tocsin_incident_ack_seconds_sum{severity=\"P0\"} 90.0")
        .contains("tocsin_incident_resolution_seconds_sum{severity=\"P0\"} 690.0")
        .contains("tocsin_commands_rejected_engine_total 1.0");
  }

  @Test
  void metricsTimeDetectionFromTheFirstAlertAndCountFalsePositives() {
    tick(Duration.ofSeconds(45));
    send(alert("fp-1", "checkout-1", AlertStatus.FIRING));
    String id = lastSnapshot().getId();
    send(command("c-resolve", CommandType.RESOLVE, id).build());
    send(command("c-fp", CommandType.MARK_FALSE_POSITIVE, id).setMessage("flaky probe").build());

    assertThat(metrics.scrape())
        .contains("tocsin_incident_detection_seconds_count{severity=\"P0\"} 1")
        .contains("tocsin_incident_detection_seconds_sum{severity=\"P0\"} 45.")
        .contains("tocsin_incidents_false_positive_total{severity=\"P0\"} 1.0");
    assertThat(lastSnapshot().getFalsePositive()).isTrue();
  }

  private Incident lastSnapshot() {
    List<Incident> all = incidents.readValuesToList();
    return all.get(all.size() - 1);
  }
}
