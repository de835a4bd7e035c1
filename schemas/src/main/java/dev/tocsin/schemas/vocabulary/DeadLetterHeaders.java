package dev.tocsin.schemas.vocabulary;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of every record on the dead-letter topic, whoever wrote it: where the record came
 * from and why it could not be processed, as Kafka Connect's {@code DeadLetterQueueReporter}
 * keeps its {@code __connect.errors.*} names in one place. The record's own key and value are the
 * original bytes. Names of the source and the exception are Kafka Streams' own (its built-in
 * dead-letter handler, which the engine uses for undecodable input, writes exactly these), so a
 * consumer reads one vocabulary; what only Tocsin knows is under {@code tocsin.error.*}. Values
 * are UTF-8 text.
 */
public final class DeadLetterHeaders {
  /** The topic the failed record was read from. */
  public static final String TOPIC = "__streams.errors.topic";
  /** Its partition, in decimal. */
  public static final String PARTITION = "__streams.errors.partition";
  /** Its offset, in decimal. */
  public static final String OFFSET = "__streams.errors.offset";
  /** The exception's class name, when an exception was the cause. */
  public static final String EXCEPTION = "__streams.errors.exception";
  /** The exception's message. */
  public static final String MESSAGE = "__streams.errors.message";
  /** The exception's stack trace (written by Kafka Streams' own handler only). */
  public static final String STACKTRACE = "__streams.errors.stacktrace";
  /** Why, in a word or a short phrase a person or an alert can act on, e.g. a delivery's permanent failure. */
  public static final String REASON = "tocsin.error.reason";
  /** The receiver integration a delivery failed on ({@code webhook}, {@code slack-api}, ...). */
  public static final String INTEGRATION = "tocsin.error.integration";
  /** The topic an output could not be written to, when the input was fine but its result was not. */
  public static final String OUTPUT_TOPIC = "tocsin.error.output-topic";

  /** Every name above. */
  public static final List<String> ALL = List.of(TOPIC, PARTITION, OFFSET, EXCEPTION, MESSAGE, STACKTRACE, REASON,
      INTEGRATION, OUTPUT_TOPIC);

  private DeadLetterHeaders() {
  }

  /** Removes every header of this vocabulary, so a record dead-lettered again does not carry two stories. */
  public static Headers clear(Headers headers) {
    ALL.forEach(headers::remove);
    return headers;
  }

  /** Adds where the failed record was read from. */
  public static Headers source(Headers headers, String topic, int partition, long offset) {
    add(headers, TOPIC, topic);
    add(headers, PARTITION, String.valueOf(partition));
    return add(headers, OFFSET, String.valueOf(offset));
  }

  /** Adds the exception's class name and message (a null message is left out). */
  public static Headers exception(Headers headers, Throwable exception) {
    add(headers, EXCEPTION, exception.getClass().getName());
    return add(headers, MESSAGE, exception.getMessage());
  }

  /** Adds {@code name} as UTF-8 text; a null value adds nothing. */
  public static Headers add(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }
}
