package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
  private final DeadLetters deadLetters = new DeadLetters("tocsin.dead-letters");

  @Test
  void keepsTheRecordAndItsHeadersAndSaysWhereItCameFromAndWhy() {
    ProducerRecord<byte[], byte[]> letter = deadLetters.of(record(new RecordHeaders().add("trace", utf8("abc"))),
        "webhook answered HTTP 400", "webhook");

    assertThat(letter.topic()).isEqualTo("tocsin.dead-letters");
    assertThat(letter.partition()).isNull();
    assertThat(letter.key()).isEqualTo(utf8("INC-1"));
    assertThat(letter.value()).isEqualTo(utf8("value"));
    assertThat(text(letter.headers(), "trace")).contains("abc");
    assertThat(text(letter.headers(), DeadLetterHeaders.TOPIC)).contains("tocsin.notifications");
    assertThat(text(letter.headers(), DeadLetterHeaders.PARTITION)).contains("3");
    assertThat(text(letter.headers(), DeadLetterHeaders.OFFSET)).contains("42");
    assertThat(text(letter.headers(), DeadLetterHeaders.REASON)).contains("webhook answered HTTP 400");
    assertThat(text(letter.headers(), DeadLetterHeaders.INTEGRATION)).contains("webhook");
  }

  @Test
  void replacesAnEarlierDeadLettersStoryAndNamesNoIntegrationWhenNoneWasTried() {
    Headers earlier = new RecordHeaders().add(DeadLetterHeaders.REASON, utf8("earlier"))
        .add(DeadLetterHeaders.INTEGRATION, utf8("slack"));

    ProducerRecord<byte[], byte[]> letter = deadLetters.of(record(earlier), "record has no value", null);

    assertThat(letter.headers().headers(DeadLetterHeaders.REASON)).hasSize(1);
    assertThat(text(letter.headers(), DeadLetterHeaders.REASON)).contains("record has no value");
    assertThat(letter.headers().lastHeader(DeadLetterHeaders.INTEGRATION)).isNull();
  }

  private static ConsumerRecord<byte[], byte[]> record(Headers headers) {
    return new ConsumerRecord<>("tocsin.notifications", 3, 42L, 0L, TimestampType.CREATE_TIME, 0, 0, utf8("INC-1"),
        utf8("value"), headers, Optional.empty());
  }

  private static Optional<String> text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
