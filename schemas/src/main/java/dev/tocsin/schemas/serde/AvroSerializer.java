package dev.tocsin.schemas.serde;

import dev.tocsin.schemas.registry.SchemaRegistries;
import dev.tocsin.schemas.registry.SchemaRegistryClient;
import dev.tocsin.schemas.registry.RegisteredSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format, registering (or looking up) the writer
 * schema under {@code <topic>-value} / {@code <topic>-key} (TopicNameStrategy). Thread-safe.
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
  static {
    // Writing a generated record looks its class up too, which Avro 1.12.2 refuses for untrusted classes.
    AvroTrust.ensure();
  }

  private SchemaRegistryClient registry;
  private AvroSerdeConfig config;
  private boolean isKey;
  /** Ids of writer schemas, keyed by the whole schema: two versions of one record name have different ids. */
  private final Map<SubjectSchema, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
  /** The subject's latest version, fetched once (as Confluent's default latest.cache.ttl.sec=-1). */
  private final Map<String, RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();

  /** One writer per schema: building one per record showed in profiles; writing is thread-safe. */
  private final Map<Schema, DatumWriter<?>> writers = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {
  }

  public AvroSerializer() {
  }

  /** A serializer bound to an existing registry client (tests, the standalone). */
  public AvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
    this.registry = registry;
    this.config = new AvroSerdeConfig(configs);
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = new AvroSerdeConfig(configs);
    this.registry = SchemaRegistries.forUrls(config.registryUrl(), config.basicAuthUserInfo());
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    String subject = topic + (isKey ? "-key" : "-value");
    Schema schema = data.getSchema();
    try {
      int id;
      Schema writer = schema;
      if (config.autoRegister()) {
        id = idBySubjectAndSchema.computeIfAbsent(new SubjectSchema(subject, schema),
            key -> registry.register(subject, schema));
      } else if (config.useLatestVersion()) {
        RegisteredSchema latest = latestBySubject.computeIfAbsent(subject, registry::latest);
        id = latest.id();
        writer = latest.schema();
      } else {
        id = idBySubjectAndSchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
          RegisteredSchema latest = registry.latest(subject);
          if (!latest.schema().equals(schema)) {
            throw new SerializationException("schema of " + schema.getFullName() + " is not registered as the latest "
                + "version of subject " + subject + " and auto.register.schemas=false");
          }
          return latest.id();
        });
      }
      return encode(id, writer, data);
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic " + topic + ": "
          + e.getMessage(), e);
    }
  }

  private byte[] encode(int id, Schema writer, T data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    WireFormat.writeHeader(id, out);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    @SuppressWarnings("unchecked")
    DatumWriter<T> datumWriter = (DatumWriter<T>) writers.computeIfAbsent(writer,
        schema -> new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema)));
    datumWriter.write(data, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
