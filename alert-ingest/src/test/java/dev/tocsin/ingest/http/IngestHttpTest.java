package dev.tocsin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.ingest.testing.InMemoryAlertPublisher;
import dev.tocsin.ingest.testing.InMemoryAlertPublisher.Mode;
import dev.tocsin.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The HTTP contract of the service, against the real Jetty server with an in-memory publisher. */
class IngestHttpTest {
  private static final String TOKEN = "current-token-4f9a";
  private static final String ROTATED_TOKEN = "next-token-7c21";
  private static final int MAX_BODY_BYTES = 8192;
  private static final Instant NOW = Instant.parse("2026-11-22T10:53:05.250Z");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final InMemoryAlertPublisher PUBLISHER = new InMemoryAlertPublisher();
  private static IngestService service;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    IngestConfig config = new IngestConfig(Map.of(
        "http.host", "127.0.0.1",
        "http.port", "0",
        "ingest.tokens", TOKEN + "," + ROTATED_TOKEN,
        "max.body.bytes", String.valueOf(MAX_BODY_BYTES),
        "max.alerts.per.request", "2",
        "produce.timeout.ms", "2000"));
    service = IngestService.start(config, PUBLISHER, Clock.fixed(NOW, ZoneOffset.UTC));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
  }

  @AfterAll
  static void stop() {
    PUBLISHER.reset();
    service.close();
  }

  @BeforeEach
  void resetPublisher() {
    PUBLISHER.reset();
  }

  @Test
  void acceptsAnAlertmanagerWebhookOncePublished() {
    HttpResponse<String> response = post(Fixtures.alertmanager("firing-critical.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("accepted");
    assertThat(body.get("alerts").asInt()).isEqualTo(1);
    assertThat(body.get("requestId").asText()).isEqualTo(requestId(response));
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(PUBLISHER.published()).singleElement().satisfies(alert -> {
      assertThat(alert.getSource()).isEqualTo(AlertSource.ALERTMANAGER);
      assertThat(alert.getFingerprint()).isEqualTo("28593e58a253cffc");
      assertThat(alert.getSourceSeverity()).isEqualTo(Severity.P0);
      assertThat(alert.getReceivedAt()).isEqualTo(NOW);
      assertThat(alert.getRequestId()).isEqualTo(requestId(response));
    });
  }

  @Test
  void answersOnlyAfterThePublisherCompletes() throws Exception {
    PUBLISHER.mode(Mode.HOLD);

    CompletableFuture<HttpResponse<String>> response = client.sendAsync(
        request(Fixtures.alertmanager("multi-alert.json")).build(), BodyHandlers.ofString());
    CompletableFuture<Void> held = PUBLISHER.held().poll(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(held).as("publish was called").isNotNull();
    assertThat(response).isNotDone();
    held.complete(null);
    assertThat(response).succeedsWithin(WAIT).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).get("alerts").asInt()).isEqualTo(2);
    });
  }

  @Test
  void servesOtherRequestsWhileAPublishIsPending() throws Exception {
    PUBLISHER.mode(Mode.HOLD);
    CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
        request(Fixtures.alertmanager("firing.json")).build(), BodyHandlers.ofString());
    CompletableFuture<Void> held = PUBLISHER.held().poll(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(pending).isNotDone();
    held.complete(null);
    assertThat(pending).succeedsWithin(WAIT).extracting(HttpResponse::statusCode).isEqualTo(200);
  }

  @Test
  void rejectsARequestWithoutToken() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts/alertmanager"))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofByteArray(Fixtures.alertmanager("firing.json"))));

    assertUnauthorized(response);
  }

  @Test
  void rejectsAWrongToken() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .setHeader("Authorization", "Bearer " + TOKEN + "x"));

    assertUnauthorized(response);
  }

  @Test
  void rejectsCredentialsOfAnotherScheme() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .setHeader("Authorization", "Basic " + TOKEN));

    assertUnauthorized(response);
  }

  @Test
  void rejectsTwoAuthorizationHeadersEvenWhenTheFirstIsValid() {
    HttpResponse<String> validThenWrong = send(request(Fixtures.alertmanager("firing.json"))
        .header("Authorization", "Bearer wrong-" + TOKEN));
    HttpResponse<String> bothValid = send(request(Fixtures.alertmanager("firing.json"))
        .header("Authorization", "Bearer " + ROTATED_TOKEN));

    assertUnauthorized(validThenWrong);
    assertUnauthorized(bothValid);
  }

  @Test
  void acceptsTheRotatedSecondToken() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .setHeader("Authorization", "Bearer " + ROTATED_TOKEN));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(PUBLISHER.published()).hasSize(1);
  }

  @Test
  void rejectsABodyThatIsNotJson() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .setHeader("Content-Type", "text/plain"));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).get("error").asText()).contains("application/json");
    assertNothingPublished();
  }

  @Test
  void acceptsJsonWithACharsetParameter() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .setHeader("Content-Type", "application/json; charset=utf-8"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsABodyWhoseDeclaredLengthIsOverTheLimit() {
    HttpResponse<String> response = post(padded(Fixtures.alertmanager("firing.json"), MAX_BODY_BYTES + 1));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").asText()).contains(String.valueOf(MAX_BODY_BYTES));
    assertNothingPublished();
  }

  @Test
  void rejectsAChunkedBodyOnceItGrowsOverTheLimit() {
    byte[] body = padded(Fixtures.alertmanager("firing.json"), MAX_BODY_BYTES + 1);
    // No Content-Length: the JDK client sends a body of unknown length chunked.
    BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

    HttpResponse<String> response = send(request(new byte[0]).POST(chunked));

    assertThat(response.statusCode()).isEqualTo(413);
    assertNothingPublished();
  }

  @Test
  void acceptsAChunkedBodyWithinTheLimit() {
    byte[] body = padded(Fixtures.alertmanager("firing.json"), MAX_BODY_BYTES);
    BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

    HttpResponse<String> response = send(request(new byte[0]).POST(chunked));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void acceptsAGzipBody() {
    HttpResponse<String> response = send(request(GzipBodyTest.gzip(Fixtures.alertmanager("multi-alert.json")))
        .header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(PUBLISHER.published()).hasSize(2);
  }

  @Test
  void acceptsAGzipBodyThatDecodesToExactlyTheLimit() {
    byte[] compressed = GzipBodyTest.gzip(padded(Fixtures.alertmanager("firing.json"), MAX_BODY_BYTES));
    HttpResponse<String> response = send(request(compressed)
        .header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void acceptsTheIdentityEncoding() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .header("Content-Encoding", "identity"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsAGzipBombByItsDecodedSize() {
    byte[] bomb = GzipBodyTest.gzip(padded(Fixtures.alertmanager("firing.json"), 64 * MAX_BODY_BYTES));
    assertThat(bomb.length).as("compressed size").isLessThan(MAX_BODY_BYTES);

    HttpResponse<String> response = send(request(bomb).header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").asText()).contains(String.valueOf(MAX_BODY_BYTES));
    assertNothingPublished();
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "zstd", "x-tocsin-unknown", "gzip, gzip", "deflate"})
  void rejectsOtherContentEncodingsNamingThem(String encoding) {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .header("Content-Encoding", encoding));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(json(response).get("error").asText())
        .isEqualTo("unsupported content encoding \"" + encoding + "\": expected gzip or identity");
    assertNothingPublished();
  }

  static Stream<Arguments> corruptGzipBodies() {
    byte[] gzip = GzipBodyTest.gzip(Fixtures.alertmanager("firing.json"));
    byte[] flipped = gzip.clone();
    flipped[gzip.length / 2] ^= 0x55;
    byte[] withTrailingBytes = Arrays.copyOf(gzip, gzip.length + 3);
    return Stream.of(
        Arguments.of(Named.of("plain JSON", Fixtures.alertmanager("firing.json")), "not in gzip format"),
        Arguments.of(Named.of("truncated", Arrays.copyOf(gzip, gzip.length - 12)), "truncated"),
        Arguments.of(Named.of("a byte flipped", flipped), ""),
        Arguments.of(Named.of("bytes after the end", withTrailingBytes), "bytes after the end of the gzip data"));
  }

  @ParameterizedTest
  @MethodSource("corruptGzipBodies")
  void rejectsACorruptGzipBody(byte[] body, String reason) {
    HttpResponse<String> response = send(request(body).header("Content-Encoding", "gzip"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("problems")).singleElement().extracting(JsonNode::asText).asString()
        .startsWith("body: not valid gzip (Content-Encoding: gzip): ").endsWith(reason);
    assertNothingPublished();
  }

  @Test
  void rejectsAnInvalidPayloadNamingEveryFieldAndPublishesNothing() {
    ObjectNode root = fixture("multi-alert.json");
    ObjectNode first = (ObjectNode) root.withArray("alerts").get(0);
    ((ObjectNode) first.get("labels")).remove("alertname");
    ((ObjectNode) root.withArray("alerts").get(1)).put("startsAt", "not a time");

    HttpResponse<String> response = post(bytes(root));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(body.get("error").asText()).isEqualTo("invalid payload");
    assertThat(body.get("problems")).extracting(JsonNode::asText).containsExactly(
        "alerts[0].labels.alertname: is required",
        "alerts[1].startsAt: not an RFC 3339 timestamp");
    assertNothingPublished();
  }

  @Test
  void rejectsAPayloadNotOfAlertmanagersShapeListingEveryField() {
    ObjectNode root = fixture("firing.json");
    root.putNull("status");
    root.put("commonLabels", "severity=warning");
    ((ObjectNode) root.withArray("alerts").get(0).get("labels")).put("severity", 2);

    HttpResponse<String> response = post(bytes(root));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("problems")).extracting(JsonNode::asText).containsExactly(
        "status: must be \"firing\" or \"resolved\"",
        "commonLabels: must be an object of strings",
        "alerts[0].labels.severity: must be a string");
    assertNothingPublished();
  }

  @Test
  void rejectsMalformedJson() {
    HttpResponse<String> response = post("{\"alerts\": [".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("problems").get(0).asText()).startsWith("body: not valid JSON");
    assertNothingPublished();
  }

  @Test
  void rejectsMoreAlertsThanAllowedPerRequest() {
    ObjectNode root = fixture("multi-alert.json");
    ArrayNode alerts = root.withArray("alerts");
    alerts.add(alerts.get(0).deepCopy());

    HttpResponse<String> response = post(bytes(root));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("problems").get(0).asText())
        .isEqualTo("alerts: 3 alerts exceed the limit of 2 per request");
    assertNothingPublished();
  }

  @Test
  void answersServiceUnavailableWithRetryAfterWhenPublishingFails() {
    PUBLISHER.mode(Mode.FAIL);

    HttpResponse<String> response = post(Fixtures.alertmanager("firing.json"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(json(response).get("error").asText())
        .isEqualTo("kafka unavailable: Topic tocsin.alerts.v1 not present in metadata after 2000 ms.");
    requestId(response);
  }

  @Test
  void reusesASaneIncomingRequestId() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .header("X-Request-Id", "am-retry-42"));

    assertThat(requestId(response)).isEqualTo("am-retry-42");
    assertThat(json(response).get("requestId").asText()).isEqualTo("am-retry-42");
    assertThat(PUBLISHER.published()).extracting(Alert::getRequestId).containsExactly("am-retry-42");
  }

  @Test
  void replacesAnUnsafeIncomingRequestId() {
    HttpResponse<String> response = send(request(Fixtures.alertmanager("firing.json"))
        .header("X-Request-Id", "<script>alert(1)</script>"));

    assertThat(requestId(response)).isNotEqualTo("<script>alert(1)</script>").hasSize(36);
  }

  @Test
  void rejectsOtherMethodsOnTheWebhookPath() {
    HttpResponse<String> response = get("/api/v1/alerts/alertmanager");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(json(response).get("error").asText()).isEqualTo("method not allowed");
  }

  @Test
  void answersUnknownPathsWithJsonNotFound() {
    HttpResponse<String> response = get("/api/v1/alerts/nagios");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("error").asText()).isEqualTo("not found");
  }

  @Test
  void reportsLiveness() {
    HttpResponse<String> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    requestId(response);
  }

  @Test
  void reportsReadyWhenThePublisherIsReady() {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void reportsNotReadyWhileThePublisherIsNot() {
    PUBLISHER.ready(false);

    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("status").asText()).isEqualTo("not ready");
  }

  @Test
  void neverLogsTokensOrTheAuthorizationHeader() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger handlerLog = (Logger) LoggerFactory.getLogger(IngestHandler.class);
    Level level = handlerLog.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    handlerLog.setLevel(Level.DEBUG);
    try {
      post(Fixtures.alertmanager("firing.json"));
      send(request(Fixtures.alertmanager("firing.json")).setHeader("Authorization", "Bearer wrong-" + TOKEN));
      send(request(Fixtures.alertmanager("firing.json")).setHeader("Authorization", "Bearer " + ROTATED_TOKEN));
      PUBLISHER.mode(Mode.FAIL);
      post(Fixtures.alertmanager("firing.json"));

      await().atMost(WAIT).until(() -> captured.list.size() >= 4);
    } finally {
      handlerLog.setLevel(level);
      root.detachAppender(captured);
    }
    assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
        .isNotEmpty()
        .noneSatisfy(line -> assertThat(line).containsAnyOf(TOKEN, ROTATED_TOKEN, "Authorization", "Bearer "));
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\"}");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    requestId(response);
    assertNothingPublished();
  }

  private static void assertNothingPublished() {
    assertThat(PUBLISHER.calls()).as("publish calls").isZero();
    assertThat(PUBLISHER.published()).isEmpty();
  }

  private static String requestId(HttpResponse<String> response) {
    return response.headers().firstValue("X-Request-Id")
        .orElseThrow(() -> new AssertionError("response without X-Request-Id"));
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + service.port() + path);
  }

  private static HttpRequest.Builder request(byte[] body) {
    return HttpRequest.newBuilder(uri("/api/v1/alerts/alertmanager"))
        .timeout(WAIT)
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Alertmanager/0.25.0")
        .POST(BodyPublishers.ofByteArray(body));
  }

  private static HttpResponse<String> post(byte[] body) {
    return send(request(body));
  }

  private static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode fixture(String name) {
    try {
      return (ObjectNode) JSON.readTree(Fixtures.alertmanager(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON document followed by whitespace up to {@code size} bytes: still valid, just large. */
  private static byte[] padded(byte[] json, int size) {
    byte[] padded = Arrays.copyOf(json, size);
    Arrays.fill(padded, json.length, size, (byte) ' ');
    return padded;
  }
}
