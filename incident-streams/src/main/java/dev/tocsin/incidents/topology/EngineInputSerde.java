package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.schemas.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The engine's one input topic after repartitioning by group carries alerts, commands and
 * delivery results: each value is a one-byte tag followed by the record in the registry wire
 * format. Each type registers under its own subject ({@code <topic>-<type>-value}), so the three
 * schemas never meet in one subject's compatibility check. Thread-safe.
 */
final class EngineInputSerde {
  private record Kind(byte tag, Class<? extends SpecificRecord> type, Serde<SpecificRecord> serde) {
  }

  private EngineInputSerde() {
  }

  static Serde<SpecificRecord> create(Map<String, ?> serdeConfig) {
    List<Kind> kinds = List.of(kind((byte) 'A', Alert.class, serdeConfig),
        kind((byte) 'C', IncidentCommand.class, serdeConfig),
        kind((byte) 'D', DeliveryResult.class, serdeConfig));
    Serializer<SpecificRecord> serializer = (topic, value) -> {
      if (value == null) {
        return null;
      }
      for (Kind kind : kinds) {
        if (kind.type().isInstance(value)) {
          byte[] body = kind.serde().serializer().serialize(
              topic + "-" + kind.type().getSimpleName().toLowerCase(java.util.Locale.ROOT), value);
          byte[] out = new byte[body.length + 1];
          out[0] = kind.tag();
          System.arraycopy(body, 0, out, 1, body.length);
          return out;
        }
      }
      throw new SerializationException("the engine input carries no " + value.getClass().getName());
    };
    Deserializer<SpecificRecord> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length == 0) {
        throw new SerializationException("empty engine input record");
      }
      for (Kind kind : kinds) {
        if (kind.tag() == bytes[0]) {
          return kind.serde().deserializer().deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length));
        }
      }
      throw new SerializationException("unknown engine input tag " + bytes[0]);
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  @SuppressWarnings("unchecked")
  private static Kind kind(byte tag, Class<? extends SpecificRecord> type, Map<String, ?> serdeConfig) {
    return new Kind(tag, type, (Serde<SpecificRecord>) (Serde<?>) Topics.valueSerde(type, serdeConfig));
  }
}
