package dev.tocsin.standalone;

import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import dev.tocsin.testing.Fixtures;
import dev.tocsin.testing.HttpStub;
import dev.tocsin.testing.TestKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;

/** The engine, the notifier and ingest on one Kafka, started as the standalone starts them, for pipeline tests. */
record PipelineServices(IncidentStreamsService streams, NotifierService notifier, IngestService ingest) {
  /**
   * Writes the engine's file into {@code dir} — one route to receiver {@code default}, grouped by
   * alertname and service, notified without a group wait so tests need not wait it out — points
   * {@code settings} at it and starts the three services with {@code settings}.
   */
  static PipelineServices start(Map<String, Object> settings, Path dir) throws IOException {
    Path engine = dir.resolve("tocsin.yml");
    Files.writeString(engine, """
        route:
          receiver: default
          group_by: [alertname, service]
          group_wait: 0s
        receivers:
          - name: default
        """);
    settings.put("incidents.config.file", engine.toString());
    Map<String, Object> client = ServiceProperties.kafkaClientProperties(settings);
    Topics topics = Topics.create(settings);
    IncidentStreamsService streams = IncidentStreamsService.start(new IncidentStreamsConfig(settings), client, topics,
        settings);
    NotifierService notifier = NotifierService.start(new NotifierConfig(settings), client, topics, Clock.systemUTC());
    IngestService ingest = IngestService.start(new IngestConfig(settings), client, topics, Clock.systemUTC());
    return new PipelineServices(streams, notifier, ingest);
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * The settings pipeline tests share: {@code kafka}, an in-memory registry of {@code scope},
   * ingest on a free port with {@code token}, the default receiver's webhook at {@code webhook},
   * Streams state under {@code stateDir}. A mutable map: tests add theirs.
   */
  static Map<String, Object> settings(TestKafkaCluster kafka, String scope, String token, HttpStub webhook,
      Path stateDir) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("schema.registry.url", "mock://" + scope);
    settings.put("http.port", "0");
    settings.put("ingest.tokens", token);
    settings.put("webhook.url", webhook.url("/hooks/tocsin"));
    settings.put("streams.state.dir", stateDir.toString());
    return settings;
  }

  /** GETs {@code path} from ingest and answers the status code. */
  int get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingest.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * POSTs the recorded firing Alertmanager webhook with its service label set to {@code service}
   * (and a fingerprint of its own), so each service is its own incident.
   */
  HttpResponse<String> postAlert(String service, String token) throws IOException, InterruptedException {
    String body = Fixtures.alertmanagerText("firing.json").replace("\"service\":\"payments\"",
        "\"service\":\"" + service + "\"").replace("ea51316c0c095757",
        String.format("%016x", service.hashCode() & 0xffffffffL));
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + ingest.port() + "/api/v1/alerts/alertmanager"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Posts one alert for each of services {@code svc-from} to {@code svc-(to - 1)}, each again until
   * it is accepted (within {@code wait}), and adds the services to {@code accepted}.
   */
  void postUntilAccepted(Set<String> accepted, int from, int to, String token, Duration wait) {
    for (int i = from; i < to; i++) {
      String service = "svc-" + i;
      Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(200))
          .until(() -> postAlert(service, token).statusCode() == 200);
      accepted.add(service);
    }
  }

  /** Waits a little for late duplicates, then asserts each of {@code services} was paged exactly once. */
  static void assertPagedOnce(HttpStub webhook, Collection<String> services) throws InterruptedException {
    Thread.sleep(3000);
    for (String service : services) {
      Assertions.assertThat(pages(webhook, service)).as("first pages for " + service).isEqualTo(1);
    }
  }

  /** How many first pages (OPENED) {@code webhook} received for {@code service}'s incident. */
  static long pages(HttpStub webhook, String service) {
    return webhook.requests().stream().filter(r -> r.body().contains("\"service\":\"" + service + "\"")
        && r.body().contains("\"type\":\"OPENED\"")).count();
  }

  /** How many of {@code services} have had their first page. */
  static long paged(HttpStub webhook, Collection<String> services) {
    return services.stream().filter(service -> pages(webhook, service) > 0).count();
  }

  /** Closes each of {@code closeables} that is there, in order, whatever the others throw. */
  static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
