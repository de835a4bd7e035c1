package dev.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IngestConfigTest {

  @Test
  void usesDocumentedDefaults() {
    IngestConfig config = new IngestConfig(Map.of("ingest.tokens", "s3cret"));

    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.maxAlertsPerRequest()).isEqualTo(1000);
    assertThat(config.produceTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void readsStringValuesAsTheEnvironmentProvidesThem() {
    IngestConfig config = new IngestConfig(Map.of("ingest.tokens", "s3cret", "http.port", "0",
        "max.body.bytes", "2048", "max.alerts.per.request", "5", "produce.timeout.ms", "1500", "http.host", "127.0.0.1"));

    assertThat(config.httpPort()).isZero();
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.maxBodyBytes()).isEqualTo(2048);
    assertThat(config.maxAlertsPerRequest()).isEqualTo(5);
    assertThat(config.produceTimeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void ignoresKafkaAndRegistrySettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("ingest.tokens", "s3cret");
    settings.put("bootstrap.servers", "localhost:9092");
    settings.put("kafka.compression.type", "zstd");
    settings.put("schema.registry.url", "mock://x");

    assertThat(new IngestConfig(settings).tokens()).extracting(Password::value).containsExactly("s3cret");
  }

  @Test
  void acceptsSeveralTokensForRotation() {
    IngestConfig config = new IngestConfig(Map.of("ingest.tokens", " old-token , new-token "));

    assertThat(config.tokens()).extracting(Password::value).containsExactly("old-token", "new-token");
  }

  @Test
  void requiresTokens() {
    assertThatThrownBy(() -> new IngestConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.tokens");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "good-token,", "good-token,,other", "has space"})
  void rejectsEmptyOrMalformedTokensWithoutEchoingThem(String tokens) {
    assertThatThrownBy(() -> new IngestConfig(Map.of("ingest.tokens", tokens)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.tokens")
        .hasMessageNotContaining("good-token")
        .hasMessageNotContaining("has space");
  }

  @ParameterizedTest
  @CsvSource({"http.port, 70000", "http.port, eighty", "max.body.bytes, 0", "max.alerts.per.request, -1",
      "produce.timeout.ms, 10", "http.host, ''"})
  void namesTheFieldOfAnInvalidValue(String key, String value) {
    assertThatThrownBy(() -> new IngestConfig(Map.of("ingest.tokens", "s3cret", key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void hidesTokensWhenPrinted() {
    IngestConfig config = new IngestConfig(Map.of("ingest.tokens", "s3cret"));

    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(config.tokens().get(0).toString()).isEqualTo("[hidden]");
  }

  @Test
  void documentsEveryKey() {
    assertThat(IngestConfig.CONFIG.configKeys().values())
        .extracting(key -> key.documentation)
        .allSatisfy(doc -> assertThat(doc).isNotBlank());
    assertThat(IngestConfig.CONFIG.names()).containsExactlyInAnyOrder("http.host", "http.port", "ingest.tokens",
        "max.body.bytes", "max.alerts.per.request", "produce.timeout.ms", "max.labels.per.alert",
        "max.label.name.length", "max.label.value.length", "cloudmonitoring.tokens", "cloudmonitoring.basic.auth",
        "slack.signing.secrets", "pagerduty.webhook.secrets", "incident.url.base");
  }
}
