package dev.tocsin.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic (committed records only) as raw bytes, as a downstream consumer would. */
public final class TopicReader {
  private TopicReader() {
  }

  /**
   * Reads {@code topic} from the beginning until {@code done} holds for the records read so far
   * (or {@code timeout} passes), then drains what else is already in the topic up to its end
   * offsets, so a caller can assert exact counts.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readUntil(String bootstrapServers, String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      // Assigned, not subscribed: every partition is read from its start right away, so even an
      // "at least 0" read drains what the topic holds instead of returning before any poll.
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** Reads {@code topic} until it held at least {@code atLeast} records, plus whatever else it already holds. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, int atLeast,
      Duration timeout) {
    return readUntil(bootstrapServers, topic, records -> records.size() >= atLeast, timeout);
  }
}
