package dev.tocsin.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.Test;

/**
 * The engine dead-letters undecodable input with Kafka Streams' own handler, and everything else
 * with Tocsin's: both must write one vocabulary.
 */
class DeadLetterVocabularyTest {
  @Test
  void tocsinsNamesAreKafkaStreamsOwn() {
    assertThat(DeadLetterHeaders.TOPIC).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME);
    assertThat(DeadLetterHeaders.PARTITION).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME);
    assertThat(DeadLetterHeaders.OFFSET).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
    assertThat(DeadLetterHeaders.EXCEPTION).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME);
    assertThat(DeadLetterHeaders.MESSAGE).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
    assertThat(DeadLetterHeaders.STACKTRACE).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME);
  }
}
