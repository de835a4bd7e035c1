package dev.tocsin.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Alert;
import dev.tocsin.schemas.SampleRecords;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {
  private static final String TOPIC = "probes";
  private static final Map<String, String> CONFIG = Map.of("schema.registry.url", "mock://unused");
  private static final Schema V1 = SchemaBuilder.record("Probe").namespace("dev.tocsin.test").fields()
      .requiredString("id")
      .endRecord();
  private static final Schema V2 = SchemaBuilder.record("Probe").namespace("dev.tocsin.test").fields()
      .requiredString("id")
      .name("note").type().stringType().stringDefault("none")
      .endRecord();

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void twoVersionsOfOneRecordNameAreFramedWithTheirOwnIds() throws IOException {
    // Regression: ids were cached per record name, so v2 bytes went out framed with v1's id.
    AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry, CONFIG, false);
    GenericRecord first = new GenericData.Record(V1);
    first.put("id", "a");
    GenericRecord second = new GenericData.Record(V2);
    second.put("id", "b");
    second.put("note", "evolved");

    byte[] v1Bytes = serializer.serialize(TOPIC, first);
    byte[] v2Bytes = serializer.serialize(TOPIC, second);

    assertThat(WireFormat.schemaId(v2Bytes)).isNotEqualTo(WireFormat.schemaId(v1Bytes));
    assertThat(registry.getById(WireFormat.schemaId(v2Bytes))).isEqualTo(V2);
    assertThat(decodeWithFramedSchema(v2Bytes).get("note")).hasToString("evolved");
    assertThat(decodeWithFramedSchema(v1Bytes).get("id")).hasToString("a");
  }

  @Test
  void incompatibleRegistrationIsASerializationException() {
    registry.register(TOPIC + "-value", V2);
    Schema incompatible = SchemaBuilder.record("Probe").namespace("dev.tocsin.test").fields()
        .requiredInt("id").endRecord();
    GenericRecord record = new GenericData.Record(incompatible);
    record.put("id", 1);

    assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(registry, CONFIG, false).serialize(TOPIC, record))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("incompatible");
  }

  @Test
  void recordMissingARequiredValueIsASerializationException() {
    GenericRecord record = new GenericData.Record(V1);

    assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(registry, CONFIG, false).serialize(TOPIC, record))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("dev.tocsin.test.Probe");
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSubjectIsASerializationException() {
    AvroSerializer<Alert> serializer = new AvroSerializer<>(registry,
        Map.of("schema.registry.url", "mock://unused", "auto.register.schemas", "false"), false);

    assertThatThrownBy(() -> serializer.serialize("tocsin.alerts.v1", SampleRecords.alert()))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("tocsin.alerts.v1-value");
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void withoutAutoRegisterAPreRegisteredLatestSchemaIsUsed() {
    int id = registry.register("tocsin.alerts.v1-value", Alert.getClassSchema());
    AvroSerializer<Alert> serializer = new AvroSerializer<>(registry,
        Map.of("schema.registry.url", "mock://unused", "auto.register.schemas", "false"), false);

    byte[] framed = serializer.serialize("tocsin.alerts.v1", SampleRecords.alert());

    assertThat(WireFormat.schemaId(framed)).isEqualTo(id);
  }

  @Test
  void serdeForAGeneratedClassRoundTripsThroughABoundRegistry() {
    var serde = AvroSerde.specific(Alert.class, registry, CONFIG, false);

    Alert read = serde.deserializer().deserialize("tocsin.alerts.v1",
        serde.serializer().serialize("tocsin.alerts.v1", SampleRecords.alert()));

    assertThat(read).isEqualTo(SampleRecords.alert());
  }

  private GenericRecord decodeWithFramedSchema(byte[] framed) throws IOException {
    Schema writer = registry.getById(WireFormat.schemaId(framed));
    byte[] datum = Arrays.copyOfRange(framed, WireFormat.HEADER_LENGTH, framed.length);
    var decoder = DecoderFactory.get().binaryDecoder(datum, null);
    GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null, decoder);
    assertThat(decoder.isEnd()).as("datum consumed exactly").isTrue();
    return record;
  }
}
