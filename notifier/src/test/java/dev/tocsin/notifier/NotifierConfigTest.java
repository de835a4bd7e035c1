package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.notifier.delivery.RateLimits;
import dev.tocsin.notifier.delivery.RetrySchedule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifierConfigTest {

  @Test
  void usesDocumentedDefaults() {
    NotifierConfig config = new NotifierConfig(Map.of());

    assertThat(config.groupId()).isEqualTo("tocsin-notifier");
    assertThat(config.webhookUrl()).isEmpty();
    assertThat(config.webhookTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.retrySchedule())
        .isEqualTo(new RetrySchedule(5, Duration.ofMillis(500), Duration.ofSeconds(30)));
  }

  @Test
  void ignoresKeysItDoesNotOwn() {
    NotifierConfig config = new NotifierConfig(Map.of(
        "bootstrap.servers", "localhost:9092",
        "kafka.security.protocol", "SSL",
        "schema.registry.url", "mock://x",
        "retry.max.attempts", "3"));

    assertThat(config.retrySchedule().maxAttempts()).isEqualTo(3);
  }

  @Test
  void readsTheWebhookUrl() {
    NotifierConfig config = new NotifierConfig(Map.of("webhook.url", " https://hooks.example/T0/abc?token=s3cret "));

    assertThat(config.webhookUrl()).isEqualTo(Optional.of(URI.create("https://hooks.example/T0/abc?token=s3cret")));
  }

  @Test
  void hidesTheWebhookUrlWhenPrinted() {
    NotifierConfig config = new NotifierConfig(Map.of("webhook.url", "https://hooks.example/abc?token=s3cret"));

    assertThat(config.values().toString()).doesNotContain("s3cret").contains("[hidden]");
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @CsvSource(delimiter = '|', value = {
      "notifier.group.id        | ''",
      "webhook.timeout.ms       | 0",
      "webhook.timeout.ms       | soon",
      "retry.max.attempts       | 0",
      "retry.max.attempts       | many",
      "retry.initial.backoff.ms | -1",
      "retry.max.backoff.ms     | 0",
  })
  void rejectsInvalidValuesNamingTheField(String key, String value) {
    assertThatThrownBy(() -> new NotifierConfig(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  @Test
  void rejectsAMaximumBackoffBelowTheInitialOne() {
    assertThatThrownBy(() -> new NotifierConfig(Map.of("retry.initial.backoff.ms", "2000",
        "retry.max.backoff.ms", "1000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retry.max.backoff.ms")
        .hasMessageContaining("retry.initial.backoff.ms");
  }

  @ParameterizedTest(name = "webhook.url {0} is rejected without echoing it")
  @CsvSource({
      "ftp://hooks.example/s3cret",
      "hooks.example/s3cret",
      "https:///s3cret",
      "http://hooks.example/s3cret path",
  })
  void rejectsAnInvalidWebhookUrlWithoutEchoingIt(String url) {
    assertThatThrownBy(() -> new NotifierConfig(Map.of("webhook.url", url)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @Test
  void readsTheReceiversFileWhenOneIsConfigured() {
    assertThat(new NotifierConfig(Map.of()).receiversFile()).isEmpty();
    assertThat(new NotifierConfig(Map.of("notifier.receivers.file", " /etc/tocsin/tocsin.yml ")).receiversFile())
        .contains(Path.of("/etc/tocsin/tocsin.yml"));
  }

  @Test
  void documentsEveryKey() {
    assertThat(NotifierConfig.CONFIG.configKeys().values())
        .extracting(key -> key.documentation)
        .allSatisfy(doc -> assertThat(doc).isNotBlank());
    assertThat(NotifierConfig.CONFIG.names()).containsExactlyInAnyOrder("notifier.group.id", "webhook.url",
        "webhook.timeout.ms", "retry.max.attempts", "retry.initial.backoff.ms", "retry.max.backoff.ms",
        "notifier.receivers.file", "webhook.signing.secret", "notifier.lane.queue.capacity",
        "notifier.rate.limit.slack.per.minute", "notifier.rate.limit.pagerduty.per.minute",
        "notifier.rate.limit.webhook.per.minute", "notifier.rate.limit.email.per.minute", "notifier.dedup.lookback.ms",
        "notifier.dedup.capacity", "notifier.revoke.timeout.ms", "notifier.http.host", "notifier.http.port");
  }

  @Test
  void limitsSlackAndPagerDutyByDefaultAndNothingElse() {
    RateLimits limits = new NotifierConfig(Map.of()).rateLimits();

    assertThat(limits.perMinuteByIntegration()).containsEntry("slack", 60).containsEntry("pagerduty", 120)
        .containsEntry("webhook", 0).containsEntry("email", 0);
    assertThat(limits.limiterFor("slack")).isPresent();
    assertThat(limits.limiterFor("webhook")).isEmpty();
    assertThat(limits.limiterFor("log")).isEmpty();
  }

  @Test
  void remembersADayOfDeliveriesByDefault() {
    NotifierConfig config = new NotifierConfig(Map.of());

    assertThat(config.dedupLookback()).isEqualTo(Duration.ofHours(24));
    assertThat(new NotifierConfig(Map.of("notifier.dedup.lookback.ms", "0")).dedupLookback()).isZero();
  }

  @Test
  void servesHttpUnlessThePortIsMinusOne() {
    assertThat(new NotifierConfig(Map.of()).httpPort()).hasValue(8082);
    assertThat(new NotifierConfig(Map.of("notifier.http.port", "0")).httpPort()).hasValue(0);
    assertThat(new NotifierConfig(Map.of("notifier.http.port", "-1")).httpPort()).isEmpty();
    assertThatThrownBy(() -> new NotifierConfig(Map.of("notifier.http.port", "-2")))
        .hasMessageContaining("notifier.http.port");
  }
}
