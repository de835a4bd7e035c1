package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.serde.AvroDeserializer;
import dev.tocsin.testing.Fixtures;
import dev.tocsin.testing.Ports;
import dev.tocsin.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone on its embedded broker, stopped and started again on the same data directory:
 * the incidents, the schemas, the token and the engine's state are all still there.
 */
class StandaloneRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  private static int post(Standalone standalone, String token, String fixture) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + standalone.ingestPort() + "/api/v1/alerts/alertmanager"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.alertmanager(fixture)))
            .build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Reads the incidents topic the way an outside Confluent-format consumer would: generic records via the registry's REST API. */
  private static List<GenericData.Record> incidents(Standalone standalone, int atLeast) {
    AvroDeserializer<GenericData.Record> deserializer = AvroDeserializer.generic();
    deserializer.configure(Map.of("schema.registry.url", standalone.registryUrl()), false);
    return TopicReader.readAll(standalone.bootstrapServers(), TopicNames.INCIDENTS, atLeast, WAIT).stream()
        .map(r -> deserializer.deserialize(TopicNames.INCIDENTS, r.value()))
        .toList();
  }

  /** Reads the incidents topic until its last record satisfies {@code last}. */
  private static List<GenericData.Record> incidentsUntil(Standalone standalone,
      java.util.function.Predicate<GenericData.Record> last) {
    AvroDeserializer<GenericData.Record> outside = AvroDeserializer.generic();
    outside.configure(Map.of("schema.registry.url", standalone.registryUrl()), false);
    return TopicReader.readUntil(standalone.bootstrapServers(), TopicNames.INCIDENTS,
            records -> !records.isEmpty() && last.test(outside.deserialize(TopicNames.INCIDENTS,
                records.get(records.size() - 1).value())), WAIT).stream()
        .map(r -> outside.deserialize(TopicNames.INCIDENTS, r.value()))
        .toList();
  }

  @Test
  void secondStartOnTheSameDataDirectoryFindsTheEarlierIncidentAndItsPendingTimer() throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put("data.dir", dataDir.toString());
    settings.put("embedded.kafka.port", String.valueOf(Ports.free()));
    settings.put("embedded.controller.port", String.valueOf(Ports.free()));
    settings.put("registry.port", "0");
    settings.put("http.port", "0");
    settings.put("streams.http.port", "0");
    settings.put("notifier.http.port", "0");
    // Long enough for the first run to stop while the incident still monitors.
    settings.put("incidents.quiet.period.ms", "8000");

    long t0 = System.nanoTime();
    String token;
    String incidentId;
    try (Standalone first = Standalone.start(settings)) {
      System.out.printf("standalone first start: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      token = first.generatedToken();
      assertThat(token).isNotBlank();
      assertThat(post(first, token, "firing-critical.json")).isEqualTo(200);
      List<GenericData.Record> before = incidents(first, 1);
      assertThat(before).hasSize(1);
      incidentId = before.get(0).get("id").toString();
      assertThat(before.get(0).get("status").toString()).isEqualTo("TRIGGERED");
      // The engine's own endpoints: ready, and counting the incident it opened.
      assertThat(get(first.streamsHttpPort(), "/health/ready")).isEqualTo("{\"status\":\"ready\"}");
      assertThat(get(first.streamsHttpPort(), "/metrics")).contains("tocsin_incidents_opened_total{severity=\"P0\"} 1.0");
      assertThat(get(first.notifierHttpPort(), "/health/live")).isEqualTo("{\"status\":\"up\"}");

      // The last alert resolves: the incident monitors, with its quiet-period timer pending.
      assertThat(post(first, token, "resolved.json")).isEqualTo(200);
      incidentsUntil(first, r -> "MONITORING".equals(r.get("publicStatus").toString()));
    }

    long t1 = System.nanoTime();
    long secondStartedAt = System.currentTimeMillis();
    try (Standalone second = Standalone.start(settings)) {
      System.out.printf("standalone second start: %d ms%n", (System.nanoTime() - t1) / 1_000_000);
      assertThat(second.generatedToken()).as("the token survives a restart").isEqualTo(token);
      assertThat(incidents(second, 1)).extracting(r -> r.get("id").toString()).containsOnly(incidentId);

      // No further input: the timer kept in the state store fires after the restart.
      List<GenericData.Record> after = incidentsUntil(second, r -> "RESOLVED".equals(r.get("status").toString()));
      GenericData.Record resolved = after.get(after.size() - 1);
      assertThat(after).extracting(r -> r.get("id").toString()).containsOnly(incidentId);
      assertThat(resolved.get("status").toString()).isEqualTo("RESOLVED");
      assertThat((Long) resolved.get("resolvedAt")).as("resolved by the second run")
          .isGreaterThanOrEqualTo(secondStartedAt);
    }
  }
}
