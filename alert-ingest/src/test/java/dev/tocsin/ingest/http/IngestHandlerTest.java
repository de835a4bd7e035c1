package dev.tocsin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestHandlerTest {

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON",
      "application/vnd.alertmanager+json"})
  void treatsJsonMediaTypesAsJson(String contentType) {
    assertThat(IngestHandler.isJson(contentType)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "text/json+plain", ""})
  void treatsOtherMediaTypesAsNotJson(String contentType) {
    assertThat(IngestHandler.isJson(contentType)).isFalse();
  }

  @Test
  void treatsAMissingContentTypeAsNotJson() {
    assertThat(IngestHandler.isJson(null)).isFalse();
  }

  @Test
  void describesTheUnderlyingKafkaFailure() {
    Throwable failure = new CompletionException(new ExecutionException(
        new TimeoutException("Expiring 2 record(s) for tocsin.alerts.v1-0: 10000 ms has passed")));

    assertThat(IngestHandler.describe(failure))
        .isEqualTo("Expiring 2 record(s) for tocsin.alerts.v1-0: 10000 ms has passed");
  }

  @Test
  void hidesCredentialsEmbeddedInUrls() {
    Throwable failure = new SerializationException(
        "schema registry at https://ingest:s3cret@registry.example:8081 unreachable");

    assertThat(IngestHandler.describe(failure))
        .isEqualTo("schema registry at https://[hidden]@registry.example:8081 unreachable")
        .doesNotContain("s3cret");
  }

  @Test
  void namesTheFailureTypeWhenItHasNoMessage() {
    assertThat(IngestHandler.describe(new TimeoutException())).isEqualTo("TimeoutException");
  }

  @Test
  void keepsTheReasonShortAndOnOneLine() {
    String reason = IngestHandler.describe(new TimeoutException("line one\nline two " + "x".repeat(1000)));

    assertThat(reason).doesNotContain("\n").hasSize(303).endsWith("...");
  }
}
