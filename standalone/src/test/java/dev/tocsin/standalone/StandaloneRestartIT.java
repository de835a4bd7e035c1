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

  /** Reads the incidents topic the way an outside Confluent-format consumer would: generic records via the registry's REST API. */
  private static List<GenericData.Record> incidents(Standalone standalone, int atLeast) {
    AvroDeserializer<GenericData.Record> deserializer = AvroDeserializer.generic();
    deserializer.configure(Map.of("schema.registry.url", standalone.registryUrl()), false);
    return TopicReader.readAll(standalone.bootstrapServers(), TopicNames.INCIDENTS, atLeast, WAIT).stream()
        .map(r -> deserializer.deserialize(TopicNames.INCIDENTS, r.value()))
        .toList();
  }

  @Test
  void secondStartOnTheSameDataDirectoryFindsTheEarlierIncidentAndCarriesItOn() throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put("data.dir", dataDir.toString());
    settings.put("embedded.kafka.port", String.valueOf(Ports.free()));
    settings.put("embedded.controller.port", String.valueOf(Ports.free()));
    settings.put("registry.port", "0");
    settings.put("http.port", "0");
    settings.put("incidents.quiet.period.ms", "1000");

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
    }

    long t1 = System.nanoTime();
    try (Standalone second = Standalone.start(settings)) {
      System.out.printf("standalone second start: %d ms%n", (System.nanoTime() - t1) / 1_000_000);
      assertThat(second.generatedToken()).as("the token survives a restart").isEqualTo(token);
      assertThat(incidents(second, 1)).extracting(r -> r.get("id").toString()).containsExactly(incidentId);

      // The engine's state survived too: resolving the alert resolves the same incident.
      assertThat(post(second, token, "resolved.json")).isEqualTo(200);
      AvroDeserializer<GenericData.Record> outside = AvroDeserializer.generic();
      outside.configure(Map.of("schema.registry.url", second.registryUrl()), false);
      List<GenericData.Record> after = TopicReader.readUntil(second.bootstrapServers(), TopicNames.INCIDENTS,
              records -> !records.isEmpty() && "RESOLVED".equals(outside.deserialize(TopicNames.INCIDENTS,
                  records.get(records.size() - 1).value()).get("status").toString()), WAIT).stream()
          .map(r -> outside.deserialize(TopicNames.INCIDENTS, r.value()))
          .toList();
      assertThat(after).extracting(r -> r.get("id").toString()).containsOnly(incidentId);
      assertThat(after.get(after.size() - 1).get("status").toString()).isEqualTo("RESOLVED");
    }
  }
}
