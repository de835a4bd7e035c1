package dev.tocsin.notifier;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes delivery results (each headed with the group that wrote it, {@link NotifierService#GROUP_HEADER})
 * and dead letters through one idempotent producer that waits for all in-sync replicas. Lanes and
 * the consumer thread write; completion callbacks run on the producer's I/O thread. A write Kafka
 * refuses is handed to the failure handler, which stops the service. Thread-safe.
 */
final class ResultWriter implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final Serializer<String> keySerializer;
  private final Serializer<DeliveryResult> valueSerializer;
  private final byte[] group;
  private final Consumer<Throwable> onFailure;

  /**
   * @param kafka the client properties ({@code bootstrap.servers}, security, ...)
   * @param onFailure told of a write that failed, from whichever thread noticed
   */
  ResultWriter(Map<String, Object> kafka, TopicSpec<String, DeliveryResult> results, String groupId,
      Consumer<Throwable> onFailure) {
    this.topic = results.name();
    this.keySerializer = results.keySerde().serializer();
    this.valueSerializer = results.valueSerde().serializer();
    this.group = groupId.getBytes(StandardCharsets.UTF_8);
    this.onFailure = onFailure;
    this.producer = new KafkaProducer<>(producerProperties(kafka), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The record of {@code result} on the results topic. */
  ProducerRecord<byte[], byte[]> resultRecord(DeliveryResult result) {
    Headers headers = new RecordHeaders();
    headers.add(NotifierService.GROUP_HEADER, group);
    return new ProducerRecord<>(topic, null, keySerializer.serialize(topic, result.getIncidentId()),
        valueSerializer.serialize(topic, result), headers);
  }

  /**
   * Writes what the consumer thread decided about the record at {@code offset} (a dead letter, an
   * unknown receiver's result) as one piece of {@code work}, finished once Kafka acknowledged it.
   * Consumer thread only, as is every dispatch to {@code work}.
   */
  void writeFor(PartitionWork work, long offset, List<ProducerRecord<byte[], byte[]>> records) {
    PartitionWork.Dispatched dispatched = work.dispatch(offset, 1);
    work.begin();
    write(records, acknowledged -> {
      if (acknowledged) {
        dispatched.partFinished();
      }
      work.end();
    });
  }

  /**
   * Sends {@code records}; {@code done} learns, from a producer thread, whether Kafka
   * acknowledged all of them. A failed write stops the service: its record stays uncommitted.
   */
  void write(List<ProducerRecord<byte[], byte[]>> records, Consumer<Boolean> done) {
    AtomicInteger left = new AtomicInteger(records.size());
    AtomicBoolean failed = new AtomicBoolean();
    for (ProducerRecord<byte[], byte[]> record : records) {
      try {
        producer.send(record, (metadata, error) -> {
          if (error != null && failed.compareAndSet(false, true)) {
            onFailure.accept(new KafkaException("could not write a delivery result or dead letter; offsets stay "
                + "uncommitted", error));
          }
          if (left.decrementAndGet() == 0) {
            done.accept(!failed.get());
          }
        });
      } catch (RuntimeException e) {
        if (failed.compareAndSet(false, true)) {
          onFailure.accept(e);
        }
        if (left.decrementAndGet() == 0) {
          done.accept(false);
        }
      }
    }
  }

  /** Closes the producer at once, dropping what it has not sent, as a crash would. */
  void closeNow() {
    producer.close(Duration.ZERO);
  }

  /** Closes the producer once what it holds is sent. */
  @Override
  public void close() {
    producer.close();
  }

  private static Map<String, Object> producerProperties(Map<String, Object> kafka) {
    Map<String, Object> properties = new HashMap<>(kafka);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return properties;
  }
}
