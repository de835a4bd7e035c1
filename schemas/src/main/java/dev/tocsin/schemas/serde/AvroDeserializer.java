package dev.tocsin.schemas.serde;

import dev.tocsin.schemas.registry.SchemaRegistries;
import dev.tocsin.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro: looks the writer schema up by id (cached forever, ids are
 * immutable) and resolves it against the reader schema of {@code T}, or reads generic records
 * when no reader class is given. Any failure surfaces as Kafka's {@link SerializationException}.
 * Thread-safe.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
  static {
    // Avro 1.12.2 refuses to instantiate classes it does not trust; trust our generated records.
    AvroTrust.ensure();
  }

  /** The declared block size is untrusted input; grow past it rather than preallocate it. */
  private static final int INITIAL_ARRAY_CAPACITY_LIMIT = 1024;

  private final Schema readerSchema;
  private final SpecificData model;
  private SchemaRegistryClient registry;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /** A deserializer producing {@code type}'s generated class; configure before use. */
  public AvroDeserializer(Class<T> type) {
    this.readerSchema = type == null ? null : SpecificData.get().getSchema(type);
    this.model = readerSchema == null ? null : modelFor(readerSchema);
  }

  /** A deserializer producing generic records in the writer's schema, like a schema-agnostic consumer. */
  public static AvroDeserializer<GenericData.Record> generic() {
    return new AvroDeserializer<>(null);
  }

  /** A deserializer bound to an existing registry client. */
  public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this(type);
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    this.registry = SchemaRegistries.forUrls(config.registryUrl(), config.basicAuthUserInfo());
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = WireFormat.schemaId(data);
    try {
      DatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH,
          data.length - WireFormat.HEADER_LENGTH, null);
      return reader.read(null, decoder);
    } catch (SerializationException e) {
      throw e;
    } catch (Exception | StackOverflowError e) {
      // Avro throws a zoo of unchecked exceptions on garbage; callers handle exactly one type.
      throw new SerializationException("cannot deserialize Avro record with schema id " + id + " from topic " + topic
          + ": " + e, e);
    }
  }

  private DatumReader<T> readerFor(int id) {
    Schema writer = registry.getById(id);
    if (readerSchema == null) {
      return new GenericDatumReader<>(writer);
    }
    return new SpecificDatumReader<>(writer, readerSchema, model);
  }

  /**
   * The generated classes' model, except that arrays are read into {@link ArrayList}s. Avro's own
   * {@code GenericData.Array} compares and hashes with the conversion-less {@code GenericData.get()},
   * so a read {@code Incident} (alerts carrying an {@code Instant} in a union) threw from
   * {@code equals} and {@code hashCode}.
   */
  private static SpecificData modelFor(Schema readerSchema) {
    SpecificData generated = SpecificData.getForSchema(readerSchema);
    SpecificData model = new SpecificData(generated.getClassLoader()) {
      @Override
      public Object newArray(Object old, int size, Schema schema) {
        if (old instanceof ArrayList<?> list) {
          list.clear();
          return list;
        }
        return new ArrayList<>(Math.min(size, INITIAL_ARRAY_CAPACITY_LIMIT));
      }
    };
    generated.getConversions().forEach(model::addLogicalTypeConversion);
    return model;
  }
}
