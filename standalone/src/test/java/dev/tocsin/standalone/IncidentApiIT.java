package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.api.IncidentApiConfig;
import dev.tocsin.api.IncidentApiService;
import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.testing.TestKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident API over real HTTP on a real broker, with the real engine behind it: the playbooks'
 * curl commands as written (HTTP Basic with the key as password, {@code -d} without a JSON
 * Content-Type), scopes, idempotent creates, filters and pages, and two API instances that each
 * answer for every incident.
 */
class IncidentApiIT {
  private static final String SCOPE = "incident-api-it";
  private static final String KEY = "it-write-key";
  private static final String READ_KEY = "it-read-key";
  private static final String INGEST_TOKEN = "it-ingest-token";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestKafkaCluster kafka;
  private static IncidentStreamsService engine;
  private static final List<AutoCloseable> RUNNING = new ArrayList<>();
  /** Ingest with API instance one, and a second ingest with API instance two. */
  private static String one;
  private static String two;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = TestKafkaCluster.start(1);
    try (var admin = kafka.admin()) {
      TopicAdmin.ensureTopics(admin, 2, (short) 1);
    }
    Path file = dir.resolve("tocsin.yml");
    Files.writeString(file, """
        route:
          receiver: default
          group_by: [alertname, service]
          group_wait: 0s
        receivers:
          - name: default
        slos:
          - service: payments
            objective: 99.9
            window: 30d
        """);
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("schema.registry.url", "mock://" + SCOPE);
    settings.put("http.port", "0");
    settings.put("ingest.tokens", INGEST_TOKEN);
    settings.put("streams.state.dir", dir.resolve("engine").toString());
    settings.put("incidents.config.file", file.toString());
    settings.put(IncidentApiConfig.CONFIG_FILE_CONFIG, file.toString());
    settings.put(IncidentApiConfig.KEYS_CONFIG, "ci:" + KEY);
    settings.put(IncidentApiConfig.READ_KEYS_CONFIG, "dashboard:" + READ_KEY);
    Map<String, Object> client = ServiceProperties.kafkaClientProperties(settings);
    Topics topics = Topics.create(settings);
    engine = IncidentStreamsService.start(new IncidentStreamsConfig(settings), client, topics, settings);
    RUNNING.add(engine);
    one = serve(settings, client, topics, "one");
    two = serve(settings, client, topics, "two");
  }

  private static String serve(Map<String, Object> shared, Map<String, Object> client, Topics topics, String name) {
    Map<String, Object> settings = new HashMap<>(shared);
    settings.put(IncidentApiConfig.STATE_DIR_CONFIG, dir.resolve("api-" + name).toString());
    IncidentApiService api = IncidentApiService.start(new IncidentApiConfig(settings), client, topics,
        Clock.systemUTC());
    RUNNING.add(0, api);
    IngestService ingest = IngestService.start(new IngestConfig(settings), client, topics, Clock.systemUTC(),
        api.handler());
    RUNNING.add(0, ingest);
    await().atMost(WAIT).until(api::ready);
    return "http://localhost:" + ingest.port();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : RUNNING) {
      try {
        c.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    if (kafka != null) {
      kafka.close();
    }
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  /** What curl sends for {@code http://tocsin:<key>@host/...}. */
  private static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString(("tocsin:" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(String method, String url, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** As {@code curl -X <method> "$STATUS_PAGE_URL<path>" -d '<body>'}: form-urlencoded, Basic auth. */
  private static HttpResponse<String> curl(String method, String base, String path, String body) throws Exception {
    return body == null ? send(method, base + path, null, "Authorization", basic(KEY))
        : send(method, base + path, body, "Authorization", basic(KEY),
            "Content-Type", "application/x-www-form-urlencoded");
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void playbookCommandsWorkAsWritten() throws Exception {
    HttpResponse<String> created = send("POST", one + "/api/incidents",
        "{\"title\": \"API Gateway Performance Degradation\", \"description\": \"Investigating elevated response "
            + "times in API Gateway\", \"severity\": \"medium\", \"affected_components\": [\"api_gateway\"], "
            + "\"impact_description\": \"Users may experience slower response times\"}",
        "Authorization", basic(KEY), "Content-Type", "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode incident = json(created);
    String id = incident.get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/incidents/" + id);
    assertThat(incident.get("severity").asText()).isEqualTo("P2");
    assertThat(incident.get("status").asText()).isEqualTo("triggered");
    assertThat(incident.get("affected_components").get(0).asText()).isEqualTo("api_gateway");
    assertThat(incident.get("impact_description").asText()).isEqualTo("Users may experience slower response times");

    HttpResponse<String> update = curl("PUT", one, "/api/incidents/" + id,
        "{\"update_message\": \"Mitigation in progress\"}");
    assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
    HttpResponse<String> acknowledged = curl("PUT", one, "/api/incidents/" + id,
        "{\"update_message\": \"Incident acknowledged by on-call engineer\", \"status\": \"identified\"}");
    assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
    assertThat(json(acknowledged).get("public_status").asText()).isEqualTo("identified");

    HttpResponse<String> status = curl("GET", one, "/api/status", null);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(json(status).get("open_incidents").findValuesAsText("id")).contains(id);
    assertThat(json(status).get("status").get("indicator").asText()).isIn("minor", "major", "critical");

    HttpResponse<String> resolved = curl("PUT", one, "/api/incidents/" + id, "{\"resolved\": true}");
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(json(resolved).get("status").asText()).isEqualTo("resolved");

    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode timeline = json(curl("GET", one, "/api/v1/incidents/" + id + "/timeline", null));
      assertThat(timeline.get("events").findValuesAsText("type"))
          .containsSubsequence("opened", "update_posted", "update_posted", "resolved");
      assertThat(timeline.get("events").findValuesAsText("message")).contains(
          "[investigating] Mitigation in progress", "[identified] Incident acknowledged by on-call engineer");
      assertThat(timeline.get("events").get(0).get("actor").get("name").asText()).isEqualTo("ci");
    });

    HttpResponse<String> security = curl("POST", one, "/api/incidents", "{\"title\": \"Suspicious logins\", "
        + "\"severity\": \"critical\", \"affected_components\": [\"all\"], \"classification\": \"security\"}");
    assertThat(security.statusCode()).as(security.body()).isEqualTo(201);
    assertThat(json(security).get("severity").asText()).isEqualTo("P0");
  }

  @Test
  void eitherInstanceAnswersForAnIncidentTheOtherCreated() throws Exception {
    HttpResponse<String> created = curl("POST", one, "/api/v1/incidents", "{\"title\": \"Created on one\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();

    await().atMost(WAIT).untilAsserted(() -> {
      HttpResponse<String> read = curl("GET", two, "/api/v1/incidents/" + id, null);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(json(read).get("title").asText()).isEqualTo("Created on one");
    });
    HttpResponse<String> acknowledged = curl("POST", two, "/api/v1/incidents/" + id + "/acknowledge", null);
    assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
    assertThat(json(acknowledged).get("status").asText()).isEqualTo("acknowledged");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(json(curl("GET", one, "/api/v1/incidents/" + id, null)).get("status").asText())
            .isEqualTo("acknowledged"));
  }

  @Test
  void aRetriedCreateWithTheSameIdempotencyKeyOpensOneIncident() throws Exception {
    String body = "{\"title\": \"Retried create\", \"severity\": \"SEV-2\"}";
    HttpResponse<String> first = send("POST", one + "/api/v1/incidents", body, "Authorization", "Bearer " + KEY,
        "Idempotency-Key", "retry-1");
    HttpResponse<String> second = send("POST", two + "/api/v1/incidents", body, "Authorization", "Bearer " + KEY,
        "Idempotency-Key", "retry-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
    assertThat(json(second).get("id").asText()).isEqualTo(json(first).get("id").asText());
    assertThat(json(first).get("severity").asText()).isEqualTo("P1");
    JsonNode listed = json(curl("GET", one, "/api/v1/incidents?q=retried+create", null));
    assertThat(listed.get("incidents").findValuesAsText("title")).containsExactly("Retried create");
  }

  @Test
  void keysAreCheckedAndScoped() throws Exception {
    assertThat(send("GET", one + "/api/v1/incidents", null).statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = send("GET", one + "/api/v1/incidents", null, "Authorization", "Bearer nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("nope");
    assertThat(send("GET", one + "/api/v1/incidents", null, "Authorization", "Bearer " + READ_KEY).statusCode())
        .isEqualTo(200);
    HttpResponse<String> write = send("POST", one + "/api/v1/incidents", "{\"title\": \"x\"}",
        "Authorization", "Bearer " + READ_KEY);
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(json(write).get("error").asText()).contains("incidents:write");
    assertThat(send("GET", one + "/api/v1/alerts", null, "Authorization", "Bearer " + KEY).statusCode())
        .as("ingest's paths stay ingest's").isEqualTo(405);
  }

  @Test
  void badRequestsNameTheField() throws Exception {
    HttpResponse<String> noTitle = curl("POST", one, "/api/v1/incidents", "{\"severity\": \"urgent\"}");
    assertThat(noTitle.statusCode()).isEqualTo(400);
    assertThat(noTitle.body()).contains("body.title: is required").contains("body.severity:");
    HttpResponse<String> notJson = curl("POST", one, "/api/v1/incidents", "title=x");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("body: not JSON");
    HttpResponse<String> unknown = curl("PUT", one, "/api/v1/incidents/INC-00000000", "{\"resolved\": true}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    HttpResponse<String> query = curl("GET", one, "/api/v1/incidents?limit=0&status=sleeping", null);
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(query.body()).contains("query.limit").contains("query.status");
  }

  @Test
  void alertIncidentsAreFilteredAndPaged() throws Exception {
    StringBuilder alerts = new StringBuilder("[");
    for (int i = 0; i < 5; i++) {
      alerts.append(i == 0 ? "" : ",").append("{\"labels\": {\"alertname\": \"PagedAlert").append(i)
          .append("\", \"service\": \"payments\", \"severity\": \"critical\"}}");
    }
    HttpResponse<String> posted = send("POST", one + "/api/v1/alerts", alerts.append("]").toString(),
        "Authorization", "Bearer " + INGEST_TOKEN, "Content-Type", "application/json");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    await().atMost(WAIT).until(() -> json(curl("GET", two, "/api/v1/incidents?service=payments", null))
        .get("incidents").size() == 5);

    List<String> seen = new ArrayList<>();
    String next = "/api/v1/incidents?service=payments&status=open&severity=critical&limit=2";
    int pages = 0;
    while (next != null && pages++ < 10) {
      JsonNode page = json(curl("GET", two, next, null));
      page.get("incidents").forEach(i -> seen.add(i.get("id").asText()));
      next = page.get("next").isNull() ? null : page.get("next").asText();
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(5).doesNotHaveDuplicates();
    assertThat(json(curl("GET", two, "/api/v1/incidents?service=payments&severity=low", null)).get("incidents"))
        .isEmpty();
    assertThat(json(curl("GET", two, "/api/v1/incidents?label=alertname%3DPagedAlert3", null))
        .get("incidents").findValuesAsText("title")).hasSize(1);
  }

  @Test
  void notesFalsePositivesReopenAndTheReviewDraft() throws Exception {
    HttpResponse<String> created = curl("POST", one, "/api/v1/incidents", "{\"title\": \"Disk full on db-1\", "
        + "\"severity\": \"high\", \"affected_components\": [\"database\"]}");
    String id = json(created).get("id").asText();
    String path = "/api/v1/incidents/" + id;

    HttpResponse<String> note = curl("POST", one, path + "/notes", "{\"message\": \"paged the DBA\"}");
    assertThat(note.statusCode()).as(note.body()).isEqualTo(200);
    HttpResponse<String> impact = curl("PATCH", one, path, "{\"impact_description\": \"writes fail\", "
        + "\"affected_components\": [\"database\", \"api\"]}");
    assertThat(impact.statusCode()).as(impact.body()).isEqualTo(200);
    assertThat(json(impact).get("affected_components").toString()).isEqualTo("[\"database\",\"api\"]");
    assertThat(curl("POST", one, path + "/resolve", "{\"reason\": \"cleaned up\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> falsePositive = curl("POST", one, path + "/false-positive", "{\"reason\": \"test box\"}");
    assertThat(json(falsePositive).get("false_positive").asBoolean()).isTrue();
    HttpResponse<String> reopened = curl("POST", one, path + "/reopen", null);
    assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
    assertThat(json(reopened).get("status").asText()).isEqualTo("triggered");
    assertThat(json(reopened).get("reopen_count").asInt()).isEqualTo(1);

    await().atMost(WAIT).untilAsserted(() -> {
      HttpResponse<String> review = curl("GET", one, path + "/review", null);
      assertThat(review.statusCode()).isEqualTo(200);
      assertThat(review.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("text/markdown"));
      assertThat(review.body()).startsWith("# Post-incident review: Disk full on db-1")
          .contains("## Root cause", "## Action items", "note by ci: paged the DBA", "marked a false positive by ci",
              "reopened by ci", "- **False positive:** yes");
    });
    HttpResponse<String> reviewJson = send("GET", one + path + "/review", null, "Authorization", basic(KEY),
        "Accept", "application/json");
    assertThat(json(reviewJson).get("key_times").get("opened").asText()).isNotBlank();
    assertThat(json(reviewJson).get("markdown").asText()).contains("## Timeline");
  }

  @Test
  void figuresAndErrorBudgetsComeFromTheIncidents() throws Exception {
    String id = json(curl("POST", one, "/api/v1/incidents", "{\"title\": \"Payments down\", \"severity\": "
        + "\"critical\", \"affected_components\": [\"payments\"]}")).get("id").asText();
    assertThat(curl("POST", one, "/api/v1/incidents/" + id + "/acknowledge", null).statusCode()).isEqualTo(200);
    assertThat(curl("POST", one, "/api/v1/incidents/" + id + "/resolve", null).statusCode()).isEqualTo(200);

    HttpResponse<String> summary = curl("GET", two, "/api/v1/metrics/summary?severity=critical", null);
    assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
    JsonNode figures = json(summary);
    assertThat(figures.get("incidents").asInt()).isPositive();
    assertThat(figures.get("by_severity").has("P0")).isTrue();
    assertThat(figures.get("mtta_seconds").isNumber()).isTrue();
    assertThat(figures.get("mttr_seconds").isNumber()).isTrue();
    JsonNode slos = json(curl("GET", two, "/api/v1/slos", null)).get("slos");
    assertThat(slos).hasSize(1);
    assertThat(slos.get(0).get("service").asText()).isEqualTo("payments");
    assertThat(slos.get(0).get("allowed_downtime_seconds").asDouble()).isEqualTo(2592.0);
    assertThat(slos.get(0).get("consumed_downtime_seconds").asDouble()).isPositive();
    assertThat(curl("GET", one, "/api/v1/metrics/summary?since=yesterday", null).statusCode()).isEqualTo(400);
    JsonNode openApi = json(curl("GET", one, "/api/openapi.json", null));
    assertThat(openApi.get("paths").has("/api/v1/incidents/{id}/review")).isTrue();
  }

  @Test
  void theStreamSendsChangesAndResumesOnTheOtherInstance() throws Exception {
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    var streaming = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(one + "/api/v1/incidents/stream"))
        .header("Authorization", basic(READ_KEY)).build(), HttpResponse.BodyHandlers.ofLines());
    HttpResponse<java.util.stream.Stream<String>> response = streaming.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("text/event-stream"));
    Thread reader = new Thread(() -> readQuietly(response.body(), lines), "sse-reader");
    reader.setDaemon(true);
    reader.start();

    String id = json(curl("POST", one, "/api/v1/incidents", "{\"title\": \"Streamed\"}")).get("id").asText();
    String eventId = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    String lastId = null;
    while (eventId == null && System.nanoTime() < deadline) {
      String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (line != null && line.startsWith("id: ")) {
        lastId = line.substring(4);
      } else if (line != null && line.startsWith("data: ") && line.contains(id)) {
        eventId = lastId;
      }
    }
    assertThat(eventId).as("an event for " + id).isNotNull().contains(id);

    assertThat(curl("POST", one, "/api/v1/incidents/" + id + "/acknowledge", null).statusCode()).isEqualTo(200);
    java.util.concurrent.BlockingQueue<String> resumed = new java.util.concurrent.LinkedBlockingQueue<>();
    HttpResponse<java.util.stream.Stream<String>> again = HTTP.sendAsync(HttpRequest.newBuilder(
            URI.create(two + "/api/v1/incidents/stream")).header("Authorization", basic(READ_KEY))
        .header("Last-Event-ID", eventId).build(), HttpResponse.BodyHandlers.ofLines())
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    Thread resumedReader = new Thread(() -> readQuietly(again.body(), resumed), "sse-resumed-reader");
    resumedReader.setDaemon(true);
    resumedReader.start();
    boolean acknowledged = false;
    deadline = System.nanoTime() + WAIT.toNanos();
    while (!acknowledged && System.nanoTime() < deadline) {
      String line = resumed.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      acknowledged = line != null && line.startsWith("data: ") && line.contains(id)
          && line.contains("\"status\":\"acknowledged\"");
    }
    assertThat(acknowledged).as("the resumed stream replays the acknowledgement it missed").isTrue();
  }

  /** Collects a stream's lines until it ends (the stream is closed when the servers stop). */
  private static void readQuietly(java.util.stream.Stream<String> body, java.util.Queue<String> into) {
    try {
      body.forEach(into::add);
    } catch (java.io.UncheckedIOException e) {
      // closed at the end of the test
    }
  }
}
