package dev.tocsin.notifier;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back the delivery results this notifier group wrote (records whose
 * {@value NotifierService#GROUP_HEADER} header names the group; results without the header, from
 * before it existed, count as the group's too), from {@code lookback} ago to the topic's current
 * end, then on each later {@link #catchUp()} only what was added since. A plain consumer with
 * {@code assign}, no group, nothing committed. Not thread-safe: one thread calls it.
 */
final class ResultReplay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResultReplay.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> reader;
  private final TopicSpec<String, DeliveryResult> topic;
  private final Deserializer<DeliveryResult> values;
  private final byte[] group;
  private final Duration lookback;
  private final Clock clock;
  private final Consumer<DeliveryResult> sink;
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  /**
   * @param sink gets each of the group's results, in topic order per partition
   */
  ResultReplay(Map<String, Object> kafkaClientProperties, TopicSpec<String, DeliveryResult> topic, String group,
      Duration lookback, Clock clock, Consumer<DeliveryResult> sink) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.group = group.getBytes(StandardCharsets.UTF_8);
    this.lookback = Objects.requireNonNull(lookback, "lookback");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.values = topic.valueSerde().deserializer();
    Map<String, Object> properties = new HashMap<>(kafkaClientProperties);
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.reader = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** True when there is nothing to replay because the lookback is zero. */
  boolean disabled() {
    return lookback.isZero();
  }

  /**
   * Reads the group's results up to the topic's end as of now: on the first call (and for
   * partitions the topic gained since) from {@code lookback} ago, afterwards from where the last
   * call stopped.
   *
   * @param stop checked between polls; true abandons the read (the service is closing)
   * @return the number of the group's results read
   */
  int catchUp(BooleanSupplier stop) {
    if (disabled()) {
      return 0;
    }
    List<TopicPartition> partitions = new ArrayList<>();
    reader.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
    Map<TopicPartition, Long> since = new HashMap<>();
    long from = clock.millis() - lookback.toMillis();
    for (TopicPartition partition : partitions) {
      if (!positions.containsKey(partition)) {
        since.put(partition, Math.max(0, from));
      }
    }
    if (!since.isEmpty()) {
      Map<TopicPartition, OffsetAndTimestamp> starts = reader.offsetsForTimes(since);
      since.keySet().forEach(partition -> {
        OffsetAndTimestamp start = starts.get(partition);
        // No record at or after the lookback's start: nothing of this partition is recent enough.
        positions.put(partition, start == null ? ends.get(partition) : start.offset());
      });
    }
    reader.assign(partitions);
    List<TopicPartition> behind = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      long position = positions.get(partition);
      if (position < ends.get(partition)) {
        reader.seek(partition, position);
        behind.add(partition);
      }
    }
    reader.pause(partitions);
    reader.resume(behind);
    int read = 0;
    while (!behind.isEmpty() && !stop.getAsBoolean()) {
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
        if (ours(record)) {
          DeliveryResult result = decode(record);
          if (result != null) {
            sink.accept(result);
            read++;
          }
        }
      }
      behind.removeIf(partition -> {
        long position = reader.position(partition);
        positions.put(partition, position);
        return position >= ends.get(partition);
      });
    }
    return read;
  }

  private boolean ours(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(NotifierService.GROUP_HEADER);
    return header == null || Arrays.equals(header.value(), group);
  }

  private DeliveryResult decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return values.deserialize(record.topic(), record.headers(), record.value());
    } catch (SerializationException e) {
      log.warn("skipping undecodable delivery result {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
