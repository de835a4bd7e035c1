package dev.tocsin.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.Alert;
import dev.tocsin.schemas.SampleRecords;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final String TOPIC = "tocsin.alerts.v1";
  private static final Map<String, String> CONFIG = Map.of("schema.registry.url", "mock://unused");

  @Test
  void alertIsMagicZeroThenBigEndianRegistryIdThenPlainAvroBinary() throws IOException {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    // Push the id past one byte so that big-endian order is visible in the frame.
    for (int i = 0; i < 300; i++) {
      registry.register("filler-" + i, SchemaBuilder.record("Filler" + i).fields()
          .requiredString("f").endRecord());
    }
    Alert alert = SampleRecords.alert();

    byte[] framed = new AvroSerializer<Alert>(registry, CONFIG, false).serialize(TOPIC, alert);

    int id = registry.latest(TOPIC + "-value").id();
    assertThat(id).isEqualTo(301);
    assertThat(framed[0]).isEqualTo((byte) 0x00);
    assertThat(Arrays.copyOfRange(framed, 1, 5))
        .containsExactly((byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id)
        .containsExactly(0x00, 0x00, 0x01, 0x2d);
    assertThat(Arrays.copyOfRange(framed, 5, framed.length)).isEqualTo(plainAvro(alert));
  }

  @Test
  void keySerializerRegistersUnderTheKeySubject() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    new AvroSerializer<Actor>(registry, CONFIG, true).serialize(TOPIC, SampleRecords.actor());

    assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
  }

  @Test
  void tinyActorMatchesHandDerivedBytes() {
    // Derived by hand from the Avro spec: a fresh registry hands out id 1 -> 00 | 00 00 00 01.
    // kind "u": string length 1 zigzag-encoded is 02, then UTF-8 'u' = 75.
    // id "x": 02 78. name null: union branch 0 ("null"), zigzag 0 = 00, and null has no bytes.
    byte[] framed = new AvroSerializer<Actor>(new InMemorySchemaRegistry(), CONFIG, false)
        .serialize(TOPIC, new Actor("u", "x", null));

    assertThat(HexFormat.ofDelimiter(" ").formatHex(framed)).isEqualTo("00 00 00 00 01 02 75 02 78 00");
  }

  @Test
  void tinyActorWithNameTakesUnionBranchOne() {
    // name "Al": union branch 1 -> zigzag 02, then length 2 -> 04, then 41 6c.
    byte[] framed = new AvroSerializer<Actor>(new InMemorySchemaRegistry(), CONFIG, false)
        .serialize(TOPIC, new Actor("u", "x", "Al"));

    assertThat(HexFormat.ofDelimiter(" ").formatHex(framed)).isEqualTo("00 00 00 00 01 02 75 02 78 02 04 41 6c");
  }

  @Test
  void frameAndSchemaIdAreInverse() {
    byte[] framed = WireFormat.frame(-2, new byte[] {7, 8});

    assertThat(framed).containsExactly(0x00, 0xff, 0xff, 0xff, 0xfe, 0x07, 0x08);
    assertThat(WireFormat.schemaId(framed)).isEqualTo(-2);
  }

  @Test
  void theHeaderWrittenToAStreamIsTheFramesHeader() throws IOException {
    for (int id : new int[] {0, 1, 255, 256, 70_000, Integer.MAX_VALUE, -2}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      WireFormat.writeHeader(id, out);
      out.write(new byte[] {7, 8});
      assertThat(out.toByteArray()).as("schema id %d", id).containsExactly(WireFormat.frame(id, new byte[] {7, 8}));
    }
  }

  @Test
  void magicByteOneOfTheGuidFormatIsRejectedByName() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 1");
  }

  private static byte[] plainAvro(Alert alert) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Alert.class).write(alert, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
