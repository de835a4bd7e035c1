package dev.tocsin.schemas.serde;

import dev.tocsin.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for generated Avro classes in the Confluent wire format. */
public final class AvroSerde {
  private AvroSerde() {
  }

  /** A configured serde for {@code type}, with its registry taken from {@code configs}. */
  public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> configs, boolean isKey) {
    AvroSerializer<T> serializer = new AvroSerializer<>();
    serializer.configure(configs, isKey);
    AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
    deserializer.configure(configs, isKey);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** A serde for {@code type} bound to an existing registry client. */
  public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient registry,
      Map<String, ?> configs, boolean isKey) {
    return Serdes.serdeFrom(new AvroSerializer<>(registry, configs, isKey), new AvroDeserializer<>(type, registry));
  }
}
