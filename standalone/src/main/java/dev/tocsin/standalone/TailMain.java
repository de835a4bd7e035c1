package dev.tocsin.standalone;

import dev.tocsin.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a Tocsin topic as JSON lines, decoding values the way any Confluent-format consumer
 * does: schema id from the record, writer schema from the registry's REST API, generic records.
 * Usage: {@code TailMain <topic> [bootstrap.servers] [schema.registry.url] [idle seconds]}.
 */
public final class TailMain {
  private TailMain() {
  }

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: TailMain <topic> [bootstrap.servers=localhost:9092] "
          + "[schema.registry.url=http://localhost:8081] [idle seconds=5]");
      System.exit(2);
    }
    String topic = args[0];
    String bootstrap = args.length > 1 ? args[1] : "localhost:9092";
    String registry = args.length > 2 ? args[2] : "http://localhost:8081";
    Duration idle = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 5);

    AvroDeserializer<GenericData.Record> values = AvroDeserializer.generic();
    values.configure(Map.of("schema.registry.url", registry), false);
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "tocsin-tail-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, GenericData.Record> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        values)) {
      consumer.subscribe(List.of(topic));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < idle.toNanos()) {
        for (ConsumerRecord<String, GenericData.Record> record : consumer.poll(Duration.ofMillis(500))) {
          quietSince = System.nanoTime();
          System.out.println("{\"key\":\"" + record.key() + "\",\"value\":" + record.value() + "}");
        }
      }
    }
  }
}
