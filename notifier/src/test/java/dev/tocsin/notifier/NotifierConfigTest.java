package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.schemas.vocabulary.IncidentLinks;
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
  void linksIncidentsUnderTheConfiguredBaseOnlyWhenOneIsGiven() {
    assertThat(new NotifierConfig(Map.of()).incidentLinks()).isEqualTo(IncidentLinks.none());
    assertThat(new NotifierConfig(Map.of("incident.url.base", " ")).incidentLinks()).isEqualTo(IncidentLinks.none());
    assertThat(new NotifierConfig(Map.of("incident.url.base", " https://tocsin.example.com/incidents/ "))
        .incidentLinks().of("INC-7K2M9QXD")).contains("https://tocsin.example.com/incidents/INC-7K2M9QXD");
  }

  @ParameterizedTest(name = "incident.url.base {0} is rejected")
  @CsvSource({
      "tocsin.example.com/incidents",
      "/incidents",
      "ftp://tocsin.example.com/incidents",
      "https:///incidents",
      "https://tocsin.example.com/inci dents",
  })
  void rejectsAnIncidentUrlBaseThatIsNotAnAbsoluteHttpUrlNamingTheKey(String base) {
    assertThatThrownBy(() -> new NotifierConfig(Map.of("incident.url.base", base)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("incident.url.base")
        .hasMessageContaining("absolute http(s) URL with a host");
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
    assertThat(NotifierConfig.CONFIG.names()).containsExactlyInAnyOrder("notifier.group.id", "notifier.group.instance.id", "webhook.url",
        "webhook.timeout.ms", "retry.max.attempts", "retry.initial.backoff.ms", "retry.max.backoff.ms",
        "notifier.receivers.file", "webhook.signing.secret", "notifier.lane.queue.capacity", "notifier.lane.concurrency",
        "notifier.rate.limit.slack.per.minute", "notifier.rate.limit.pagerduty.per.minute",
        "notifier.rate.limit.webhook.per.minute", "notifier.rate.limit.email.per.minute", "notifier.dedup.lookback.ms",
        "notifier.dedup.capacity", "notifier.revoke.timeout.ms", "notifier.http.host", "notifier.http.port",
        "incident.url.base");
  }

  @Test
  void limitsSlackAndPagerDutyByDefaultAndNothingElse() {
    RateLimits limits = new NotifierConfig(Map.of()).rateLimits();

    assertThat(limits.perMinuteByIntegration()).containsEntry("slack", 60).containsEntry("slack-api", 60)
        .containsEntry("pagerduty", 120).containsEntry("webhook", 0).containsEntry("email", 0)
        .containsEntry("log", 0);
    assertThat(limits.limiterFor("slack")).isPresent();
    assertThat(limits.limiterFor("slack-api")).isPresent();
    assertThat(limits.limiterFor("webhook")).isEmpty();
    assertThat(limits.limiterFor("log")).isEmpty();
  }

  @Test
  void limitsSlacksWebApiFormLikeItsIncomingWebhooks() {
    // Regression: slack-api had no entry in the limits table, so its lanes were never paced.
    RateLimits limits = new NotifierConfig(Map.of("notifier.rate.limit.slack.per.minute", "30")).rateLimits();

    assertThat(limits.perMinuteByIntegration()).containsEntry("slack", 30).containsEntry("slack-api", 30);
  }

  @Test
  void decidesARateLimitForEveryIntegrationAReceiverCanHave() {
    RateLimits limits = new NotifierConfig(Map.of()).rateLimits();

    assertThat(IntegrationLabels.INTEGRATIONS).allSatisfy(integration -> {
      assertThat(limits.perMinuteByIntegration()).containsKey(integration);
      NotifierConfig.rateLimitConfig(integration)
          .ifPresent(key -> assertThat(NotifierConfig.CONFIG.names()).contains(key));
    });
    assertThat(limits.perMinuteByIntegration()).containsOnlyKeys(IntegrationLabels.INTEGRATIONS);
    assertThatThrownBy(() -> NotifierConfig.rateLimitConfig("carrier-pigeon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carrier-pigeon");
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
