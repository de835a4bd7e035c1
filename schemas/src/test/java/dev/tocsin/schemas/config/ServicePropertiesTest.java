package dev.tocsin.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicePropertiesTest {

  @Test
  void tocsinEnvironmentVariablesBecomeLowerCaseDottedKeys() {
    Map<String, Object> properties = ServiceProperties.fromEnvironment(Map.of(
        "TOCSIN_HTTP_PORT", "8080",
        "TOCSIN_SCHEMA_REGISTRY_URL", "http://registry:8081",
        "TOCSIN_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

    assertThat(properties).containsOnly(
        entry("http.port", "8080"),
        entry("schema.registry.url", "http://registry:8081"),
        entry("kafka.bootstrap.servers", "kafka:9092"));
  }

  @Test
  void variablesWithoutTheTocsinPrefixAreIgnored() {
    Map<String, Object> properties = ServiceProperties.fromEnvironment(Map.of(
        "PATH", "/usr/bin",
        "HTTP_PORT", "9999",
        "tocsin_http_port", "7777",
        "TOCSIN_", "empty name",
        "XTOCSIN_HTTP_PORT", "1",
        "TOCSIN_HTTP_PORT", "8080"));

    assertThat(properties).containsOnly(entry("http.port", "8080"));
  }

  @Test
  void kafkaClientPropertiesStripTheKafkaPrefixAndKeepBootstrapServers() {
    Map<String, Object> client = ServiceProperties.kafkaClientProperties(Map.of(
        "bootstrap.servers", "kafka:9092",
        "kafka.security.protocol", "SASL_SSL",
        "kafka.linger.ms", 5,
        "http.port", "8080",
        "schema.registry.url", "http://registry:8081"));

    assertThat(client).containsOnly(
        entry("bootstrap.servers", "kafka:9092"),
        entry("security.protocol", "SASL_SSL"),
        entry("linger.ms", 5));
  }

  @Test
  void kafkaPrefixedBootstrapServersReachTheClients() {
    Map<String, Object> client = ServiceProperties.kafkaClientProperties(
        ServiceProperties.fromEnvironment(Map.of("TOCSIN_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")));

    assertThat(client).containsOnly(entry("bootstrap.servers", "kafka:9092"));
  }

  @Test
  void noKafkaSettingsGiveNoClientProperties() {
    assertThat(ServiceProperties.kafkaClientProperties(Map.of("http.port", "8080"))).isEmpty();
  }
}
