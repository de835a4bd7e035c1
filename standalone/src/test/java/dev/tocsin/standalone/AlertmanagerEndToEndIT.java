package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.serde.AvroDeserializer;
import dev.tocsin.testing.Ports;
import dev.tocsin.testing.TopicReader;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Alertmanager binary delivering to the standalone: every alert it sends for a group,
 * firing and resolved, lands on the alerts topic under Alertmanager's own fingerprint, and the
 * group's incident opens once and resolves once. Skipped where Alertmanager is not installed.
 */
class AlertmanagerEndToEndIT {
  private static final String BINARY = "prometheus-alertmanager";
  private static final String TOKEN = "e2e-token";
  /** Generous: Alertmanager flushes on group_interval ticks and CI machines have two cores. */
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final String CONFIG = """
      route:
        receiver: tocsin
        group_by: [alertname, service]
        group_wait: 1s
        group_interval: 1s
        repeat_interval: 1h
      receivers:
        - name: tocsin
          webhook_configs:
            - url: http://127.0.0.1:%d/api/v1/alerts/alertmanager
              send_resolved: true
              http_config:
                authorization:
                  type: Bearer
                  credentials: %s
      """;

  @TempDir
  static Path tempDir;

  private static Standalone standalone;
  private static Process alertmanager;
  private static Path alertmanagerLog;
  private static String alertmanagerUrl;

  @RegisterExtension
  static final TestWatcher PRINT_ALERTMANAGER_LOG_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      printAlertmanagerLog();
    }
  };

  @BeforeAll
  static void startStandaloneAndAlertmanager() throws IOException {
    Optional<Path> binary = onPath(BINARY);
    Assumptions.assumeTrue(binary.isPresent(), BINARY + " is not on the PATH; install it with "
        + "`apt-get install prometheus-alertmanager` (Debian/Ubuntu) to run this end-to-end test");

    Map<String, Object> settings = new HashMap<>();
    settings.put("data.dir", tempDir.resolve("tocsin").toString());
    settings.put("embedded.kafka.port", String.valueOf(Ports.free()));
    settings.put("embedded.controller.port", String.valueOf(Ports.free()));
    settings.put("registry.port", "0");
    settings.put("http.port", "0");
    settings.put("streams.http.port", "0");
    settings.put("notifier.http.port", "0");
    settings.put("ingest.tokens", TOKEN);
    settings.put("incidents.quiet.period.ms", "1000");
    standalone = Standalone.start(settings);

    Path home = Files.createDirectories(tempDir.resolve("alertmanager"));
    Path config = Files.writeString(home.resolve("alertmanager.yml"),
        CONFIG.formatted(standalone.ingestPort(), TOKEN), StandardCharsets.UTF_8);
    alertmanagerLog = home.resolve("alertmanager.log");
    String listen = "127.0.0.1:" + Ports.free();
    alertmanagerUrl = "http://" + listen;
    alertmanager = new ProcessBuilder(binary.get().toString(),
        "--config.file=" + config,
        "--storage.path=" + Files.createDirectories(home.resolve("data")),
        "--web.listen-address=" + listen,
        // Empty disables clustering: no gossip port, and no wait for peers before the first flush.
        "--cluster.listen-address=",
        "--log.level=debug")
        .redirectErrorStream(true)
        .redirectOutput(alertmanagerLog.toFile())
        .start();
    try {
      await("Alertmanager ready at " + alertmanagerUrl).atMost(WAIT).pollInterval(Duration.ofMillis(200))
          .failFast("Alertmanager exited", () -> !alertmanager.isAlive())
          .ignoreExceptions()
          .until(() -> get("/-/ready").statusCode() == 200);
    } catch (RuntimeException | Error e) {
      printAlertmanagerLog();
      throw e;
    }
  }

  @AfterAll
  static void stopAlertmanagerAndStandalone() throws InterruptedException {
    try {
      if (alertmanager != null) {
        alertmanager.destroy();
        if (!alertmanager.waitFor(30, TimeUnit.SECONDS)) {
          alertmanager.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    } finally {
      if (standalone != null) {
        standalone.close();
      }
    }
  }

  @Test
  void everyAlertAlertmanagerSendsLandsOnKafkaAndTheGroupsIncidentOpensAndResolves() throws Exception {
    // Given two firing alerts of one group in Alertmanager
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    postAlerts(startsAt, startsAt.plus(Duration.ofHours(1)));
    Map<String, String> fingerprints = fingerprintsByInstance();
    assertThat(fingerprints).containsOnlyKeys("a", "b");
    List<String> both = List.copyOf(fingerprints.values());

    // Then Alertmanager delivers both, firing, and they open one incident
    List<Alert> firing = readUntil(TopicNames.ALERTS, Alert.class,
        alerts -> both.stream().allMatch(fp -> statuses(alerts, fp).contains(AlertStatus.FIRING)));
    assertThat(both).allSatisfy(fp -> assertThat(statuses(firing, fp)).as(fp).contains(AlertStatus.FIRING));
    List<IncidentEvent> opening = readUntil(TopicNames.INCIDENT_EVENTS, IncidentEvent.class,
        events -> events.stream().anyMatch(e -> e.getType() == IncidentEventType.OPENED));
    assertThat(opening).filteredOn(e -> e.getType() == IncidentEventType.OPENED).hasSize(1);
    assertThat(opening).noneMatch(e -> e.getType() == IncidentEventType.RESOLVED);
    String incidentId = opening.get(0).getIncidentId();

    // When both resolve in Alertmanager
    postAlerts(startsAt, Instant.now().truncatedTo(ChronoUnit.MILLIS));

    // Then Alertmanager delivers both resolved, after their firing states, as it sent them
    List<Alert> alerts = readUntil(TopicNames.ALERTS, Alert.class,
        read -> both.stream().allMatch(fp -> statuses(read, fp).contains(AlertStatus.RESOLVED)));
    System.out.println("Alertmanager deliveries (request id -> alerts): " + deliveries(alerts));
    assertThat(alerts).extracting(Alert::getFingerprint).containsOnly(both.toArray(String[]::new));
    assertThat(alerts).allSatisfy(alert -> {
      assertThat(alert.getSource()).isEqualTo(AlertSource.ALERTMANAGER);
      assertThat(alert.getGroupKey()).endsWith(":{alertname=\"DiskFull\", service=\"storage\"}");
      assertThat(alert.getReceiver()).isEqualTo("tocsin");
      if (alert.getStatus() == AlertStatus.FIRING) {
        assertThat(alert.getEndsAt()).as("Alertmanager sends Go's zero time as a firing alert's endsAt").isNull();
      } else {
        assertThat(alert.getEndsAt()).isNotNull();
      }
    });
    assertThat(alerts).extracting(Alert::getGroupKey).containsOnly(alerts.get(0).getGroupKey());
    for (String fp : both) {
      // Per fingerprint the topic keeps send order; FIRING sorts before RESOLVED, so sorted means
      // no firing state arrived after a resolve.
      assertThat(statuses(alerts, fp)).as(fp).startsWith(AlertStatus.FIRING).endsWith(AlertStatus.RESOLVED)
          .isSortedAccordingTo(Comparator.naturalOrder());
    }
    // Every notification request Alertmanager made succeeded and reached Kafka.
    int requests = deliveries(alerts).size();
    await("Alertmanager's webhook counters").atMost(WAIT).untilAsserted(() -> {
      String metrics = get("/metrics").body();
      assertThat(webhookCounter(metrics, "alertmanager_notification_requests_failed_total")).isZero();
      assertThat(webhookCounter(metrics, "alertmanager_notification_requests_total")).isEqualTo(requests);
    });

    // And the incident resolves, once
    List<IncidentEvent> timeline = readUntil(TopicNames.INCIDENT_EVENTS, IncidentEvent.class,
        events -> events.stream().anyMatch(e -> e.getType() == IncidentEventType.RESOLVED));
    assertThat(timeline).extracting(IncidentEvent::getIncidentId).containsOnly(incidentId);
    assertThat(timeline).filteredOn(e -> e.getType() == IncidentEventType.OPENED).hasSize(1);
    assertThat(timeline).filteredOn(e -> e.getType() == IncidentEventType.RESOLVED).hasSize(1);
    assertThat(timeline.get(0).getType()).isEqualTo(IncidentEventType.OPENED);
    assertThat(timeline.get(timeline.size() - 1).getType()).isEqualTo(IncidentEventType.RESOLVED);

    List<Incident> snapshots = readUntil(TopicNames.INCIDENTS, Incident.class,
        read -> !read.isEmpty() && read.get(read.size() - 1).getStatus() == IncidentStatus.RESOLVED);
    assertThat(snapshots).extracting(Incident::getId).containsOnly(incidentId);
    Incident last = snapshots.get(snapshots.size() - 1);
    assertThat(last.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(last.getAlerts()).hasSize(2);
    assertThat(last.getAlerts()).extracting(IncidentAlert::getFingerprint)
        .containsExactlyInAnyOrder(both.toArray(String[]::new));
    assertThat(last.getAlerts()).extracting(IncidentAlert::getStatus).containsOnly(AlertStatus.RESOLVED);
  }

  /** Posts the two DiskFull alerts to Alertmanager's API v2; an endsAt not in the future resolves them. */
  private static void postAlerts(Instant startsAt, Instant endsAt) throws IOException, InterruptedException {
    List<Map<String, Object>> body = Stream.of("a", "b").<Map<String, Object>>map(instance -> Map.of(
            "labels", Map.of("alertname", "DiskFull", "service", "storage", "instance", instance,
                "severity", "critical"),
            "annotations", Map.of("summary", "disk full on " + instance),
            "startsAt", startsAt.toString(),
            "endsAt", endsAt.toString(),
            "generatorURL", "http://prometheus.invalid/graph?g0.expr=disk_free%3D%3D0"))
        .toList();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/api/v2/alerts"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Alertmanager's fingerprints of the firing DiskFull alerts (it lists no resolved ones), by instance. */
  private static Map<String, String> fingerprintsByInstance() throws IOException, InterruptedException {
    Map<String, String> fingerprints = new TreeMap<>();
    for (JsonNode alert : JSON.readTree(get("/api/v2/alerts").body())) {
      if ("DiskFull".equals(alert.path("labels").path("alertname").asText())) {
        fingerprints.put(alert.path("labels").path("instance").asText(), alert.path("fingerprint").asText());
      }
    }
    return fingerprints;
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + path)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of a counter's samples for the webhook integration in Prometheus text format. */
  private static double webhookCounter(String metrics, String name) {
    return metrics.lines()
        .filter(line -> line.startsWith(name + "{") && line.contains("integration=\"webhook\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Reads {@code topic} from the start, decoded, until {@code done} holds, then to its end. */
  private static <T> List<T> readUntil(String topic, Class<T> type, Predicate<List<T>> done) {
    AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
    deserializer.configure(Map.of("schema.registry.url", standalone.registryUrl()), false);
    Function<List<ConsumerRecord<byte[], byte[]>>, List<T>> decode = records -> records.stream()
        .map(r -> deserializer.deserialize(topic, r.value()))
        .toList();
    return decode.apply(TopicReader.readUntil(standalone.bootstrapServers(), topic,
        records -> done.test(decode.apply(records)), WAIT));
  }

  private static List<AlertStatus> statuses(List<Alert> alerts, String fingerprint) {
    return alerts.stream().filter(a -> a.getFingerprint().equals(fingerprint)).map(Alert::getStatus).toList();
  }

  /** What each webhook request carried, as ingest recorded it. */
  private static Map<String, List<String>> deliveries(List<Alert> alerts) {
    return alerts.stream().collect(Collectors.groupingBy(Alert::getRequestId, LinkedHashMap::new,
        Collectors.mapping(a -> a.getLabels().get("instance") + "=" + a.getStatus(), Collectors.toList())));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static void printAlertmanagerLog() {
    if (alertmanagerLog == null || !Files.exists(alertmanagerLog)) {
      return;
    }
    try {
      System.err.println("---- Alertmanager log " + alertmanagerLog + " ----");
      System.err.println(Files.readString(alertmanagerLog, StandardCharsets.UTF_8));
      System.err.println("---- end of Alertmanager log ----");
    } catch (IOException e) {
      System.err.println("cannot read the Alertmanager log " + alertmanagerLog + ": " + e);
    }
  }
}
