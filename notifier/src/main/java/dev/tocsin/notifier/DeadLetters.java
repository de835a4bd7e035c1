package dev.tocsin.notifier;

import dev.tocsin.schemas.vocabulary.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Makes the dead letter of a consumed notification record: its key, value and headers, with
 * {@link DeadLetterHeaders} saying where it came from, why it is dead, and through which
 * integration it failed. Stateless; any thread may use it.
 */
final class DeadLetters {
  private final String topic;

  DeadLetters(String topic) {
    this.topic = topic;
  }

  /** The dead letter of {@code record}; {@code integration} is null when no channel was involved. */
  ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> record, String reason, String integration) {
    Headers headers = DeadLetterHeaders.clear(new RecordHeaders(record.headers().toArray()));
    DeadLetterHeaders.source(headers, record.topic(), record.partition(), record.offset());
    DeadLetterHeaders.add(headers, DeadLetterHeaders.REASON, reason);
    DeadLetterHeaders.add(headers, DeadLetterHeaders.INTEGRATION, integration);
    return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
  }
}
