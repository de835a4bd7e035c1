package dev.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.testing.Http;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import dev.tocsin.testing.Fixtures;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service with a Kafka address where no broker listens: webhooks get 503 so Alertmanager retries. */
class KafkaUnavailableIT {
  private static final String TOKEN = "it-token-9d3c";

  private static IngestService service;
  private static Http http;

  @BeforeAll
  static void start() {
    TopicSpec<String, Alert> alerts = Topics.create(Map.of("schema.registry.url", "mock://ingest-unavailable-it"))
        .alerts();
    IngestConfig config = new IngestConfig(Map.of("http.host", "127.0.0.1", "http.port", "0", "ingest.tokens", TOKEN,
        "produce.timeout.ms", "1000"));
    service = IngestService.start(config, Map.of("bootstrap.servers", "localhost:1"), alerts, Clock.systemUTC());
    http = new Http(service.port());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void answersServiceUnavailableWithRetryAfter() {
    HttpResponse<String> response = http.postAlertmanager(Fixtures.alertmanager("firing-critical.json"), TOKEN);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(Http.json(response).get("error").asText()).startsWith("kafka unavailable: ")
        .doesNotContain(TOKEN);
  }

  @Test
  void staysNotReady() {
    assertThat(http.get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void staysLive() {
    assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
  }
}
