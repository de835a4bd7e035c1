package dev.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.InvalidConfigException;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        "slack.signing.secrets", "pagerduty.webhook.secrets", "incident.url.base", "ingest.config.file",
        "ingest.disk.guard.dir", "ingest.disk.min.free.bytes");
  }

  @Test
  void readsTheSeverityAliasesOfTheSharedConfigFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tocsin.yml");
    Files.writeString(file, """
        route: {receiver: default}
        severity:
          aliases: {Disaster: P0, warning: P1}
        receivers: [{name: default}]
        """);
    IngestConfig config = new IngestConfig(Map.of("ingest.tokens", "s3cret", "ingest.config.file", file.toString()));

    SeverityAliases aliases = config.severityAliases(Map.of());

    assertThat(aliases.parse("disaster")).contains(Severity.P0);
    assertThat(aliases.parse("warning")).contains(Severity.P1);
    assertThat(aliases.parse("page")).contains(Severity.P0);
  }

  @Test
  void withoutAConfigFileTheBuiltInAliasesApply() {
    assertThat(new IngestConfig(Map.of("ingest.tokens", "s3cret")).severityAliases(Map.of()))
        .isSameAs(SeverityAliases.defaults());
  }

  @Test
  void anInvalidAliasStopsStartUpNamingTheField(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tocsin.yml");
    Files.writeString(file, "severity:\n  aliases: {disaster: P9}\n");
    IngestConfig config = new IngestConfig(Map.of("ingest.tokens", "s3cret", "ingest.config.file", file.toString()));

    assertThatThrownBy(() -> config.severityAliases(Map.of())).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("severity.aliases.disaster: \"P9\" is not a severity");
  }
}
