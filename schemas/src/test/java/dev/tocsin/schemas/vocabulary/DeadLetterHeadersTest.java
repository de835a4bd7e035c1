package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  @Test
  void theNamesDownstreamConsumersReadAreStable() {
    assertThat(DeadLetterHeaders.ALL).containsExactly("__streams.errors.topic", "__streams.errors.partition",
        "__streams.errors.offset", "__streams.errors.exception", "__streams.errors.message",
        "__streams.errors.stacktrace", "tocsin.error.reason", "tocsin.error.integration",
        "tocsin.error.output-topic");
  }

  @Test
  void describesTheSourceAndTheExceptionAsText() {
    Headers headers = new RecordHeaders();

    DeadLetterHeaders.source(headers, "tocsin.notifications.v1", 2, 41L);
    DeadLetterHeaders.exception(headers, new IllegalStateException("boom"));

    assertThat(text(headers, DeadLetterHeaders.TOPIC)).isEqualTo("tocsin.notifications.v1");
    assertThat(text(headers, DeadLetterHeaders.PARTITION)).isEqualTo("2");
    assertThat(text(headers, DeadLetterHeaders.OFFSET)).isEqualTo("41");
    assertThat(text(headers, DeadLetterHeaders.EXCEPTION)).isEqualTo(IllegalStateException.class.getName());
    assertThat(text(headers, DeadLetterHeaders.MESSAGE)).isEqualTo("boom");
  }

  @Test
  void clearingLeavesTheRecordsOwnHeadersAndDropsAnEarlierFailure() {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
    DeadLetterHeaders.add(headers, DeadLetterHeaders.REASON, "first failure");

    DeadLetterHeaders.clear(headers);

    assertThat(headers.lastHeader("traceparent")).isNotNull();
    assertThat(headers.lastHeader(DeadLetterHeaders.REASON)).isNull();
  }

  @Test
  void aNullValueAddsNoHeader() {
    Headers headers = DeadLetterHeaders.exception(new RecordHeaders(), new IllegalStateException());

    assertThat(headers.lastHeader(DeadLetterHeaders.MESSAGE)).isNull();
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
