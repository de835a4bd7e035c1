package dev.tocsin.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.SampleRecords;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Whatever arrives on a topic, the deserializer answers with a record or one exception type. */
class AvroDeserializerGarbageTest {
  private static final String TOPIC = "tocsin.alerts.v1";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroDeserializer<Alert> alerts = new AvroDeserializer<>(Alert.class, registry);

  @Test
  void emptyPayloadIsASerializationException() {
    assertThatThrownBy(() -> alerts.deserialize(TOPIC, new byte[0]))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void fourBytesAreTooShortForTheHeader() {
    assertThatThrownBy(() -> alerts.deserialize(TOPIC, new byte[] {0, 0, 0, 1}))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("4 bytes");
  }

  @Test
  void headerWithoutDatumIsASerializationException() {
    byte[] valid = serialize(SampleRecords.alert());

    assertThatThrownBy(() -> alerts.deserialize(TOPIC, Arrays.copyOf(valid, WireFormat.HEADER_LENGTH)))
        .isExactlyInstanceOf(SerializationException.class);
  }

  @Test
  void magicByteOneIsASerializationException() {
    byte[] payload = serialize(SampleRecords.alert());
    payload[0] = 1;

    assertThatThrownBy(() -> alerts.deserialize(TOPIC, payload))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 1");
  }

  @Test
  void unknownSchemaIdIsASerializationExceptionNamingTheId() {
    byte[] payload = WireFormat.frame(4711, new byte[] {0, 2, 0x61});

    assertThatThrownBy(() -> alerts.deserialize(TOPIC, payload))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("4711");
  }

  @Test
  void randomBytesAfterAValidHeaderNeverEscapeAsAnotherExceptionType() {
    int id = registry.register(TOPIC + "-value", Alert.getClassSchema());
    Random random = new Random(42);
    List<String> escaped = new ArrayList<>();
    int decoded = 0;

    for (int i = 0; i < 2000; i++) {
      byte[] datum = new byte[random.nextInt(200)];
      random.nextBytes(datum);
      Throwable thrown = catchThrowable(() -> alerts.deserialize(TOPIC, WireFormat.frame(id, datum)));
      if (thrown == null) {
        decoded++;
      } else if (!(thrown instanceof SerializationException)) {
        escaped.add("case " + i + ": " + thrown);
      }
    }

    assertThat(escaped).isEmpty();
    // A handful of random arrays happen to be valid Alerts; nearly all must fail.
    assertThat(decoded).isLessThan(100);
  }

  @Test
  void randomBytesAfterAValidHeaderOfANestedRecordNeverEscapeAsAnotherExceptionType() {
    AvroDeserializer<Notification> notifications = new AvroDeserializer<>(Notification.class, registry);
    int id = registry.register("tocsin.notifications.v1-value", Notification.getClassSchema());
    Random random = new Random(42);
    List<String> escaped = new ArrayList<>();

    for (int i = 0; i < 2000; i++) {
      byte[] datum = new byte[random.nextInt(300)];
      random.nextBytes(datum);
      Throwable thrown = catchThrowable(() -> notifications.deserialize(TOPIC, WireFormat.frame(id, datum)));
      if (thrown != null && !(thrown instanceof SerializationException)) {
        escaped.add("case " + i + ": " + thrown);
      }
    }

    assertThat(escaped).isEmpty();
  }

  @Test
  void validPayloadsWithCorruptedBytesNeverEscapeAsAnotherExceptionType() {
    AvroDeserializer<Notification> notifications = new AvroDeserializer<>(Notification.class, registry);
    byte[] valid = new AvroSerializer<Notification>(registry, Map.of("schema.registry.url", "mock://unused"), false)
        .serialize("tocsin.notifications.v1", SampleRecords.notification());
    Random random = new Random(42);
    List<String> escaped = new ArrayList<>();

    for (int i = 0; i < 2000; i++) {
      byte[] corrupted = valid.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        corrupted[WireFormat.HEADER_LENGTH + random.nextInt(valid.length - WireFormat.HEADER_LENGTH)] =
            (byte) random.nextInt(256);
      }
      Throwable thrown = catchThrowable(() -> notifications.deserialize("tocsin.notifications.v1", corrupted));
      if (thrown != null && !(thrown instanceof SerializationException)) {
        escaped.add("case " + i + ": " + thrown);
      }
    }

    assertThat(escaped).isEmpty();
  }

  @Test
  void everyTruncationOfAValidPayloadIsASerializationException() {
    assertEveryPrefixFails(SampleRecords.alert(), alerts);
    assertEveryPrefixFails(SampleRecords.incident(), new AvroDeserializer<>(Incident.class, registry));
    assertEveryPrefixFails(SampleRecords.notification(), new AvroDeserializer<>(Notification.class, registry));
  }

  @Test
  void hugeDeclaredStringLengthIsASerializationException() {
    int id = registry.register(TOPIC + "-value", Alert.getClassSchema());
    // source ALERTMANAGER (00), then a fingerprint claiming 2^30 bytes (zigzag varint 80 80 80 80 08).
    byte[] payload = WireFormat.frame(id, new byte[] {0x00, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08,
        0x61});

    assertThatThrownBy(() -> alerts.deserialize(TOPIC, payload)).isExactlyInstanceOf(SerializationException.class);
  }

  @Test
  void hugeDeclaredMapSizeIsASerializationException() {
    int id = registry.register(TOPIC + "-value", Alert.getClassSchema());
    // source, fingerprint "a", groupKey null, status FIRING, then labels claiming 2^30 entries.
    byte[] payload = WireFormat.frame(id, new byte[] {0x00, 0x02, 0x61, 0x00, 0x00, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, 0x08, 0x02, 0x61});

    assertThatThrownBy(() -> alerts.deserialize(TOPIC, payload)).isExactlyInstanceOf(SerializationException.class);
  }

  private <T extends SpecificRecord> void assertEveryPrefixFails(T record, AvroDeserializer<T> deserializer) {
    String topic = "truncated-" + record.getSchema().getName();
    byte[] valid = new AvroSerializer<T>(registry, Map.of("schema.registry.url", "mock://unused"), false)
        .serialize(topic, record);
    assertThat(deserializer.deserialize(topic, valid)).isEqualTo(record);

    for (int length = 0; length < valid.length; length++) {
      byte[] prefix = Arrays.copyOf(valid, length);
      assertThatThrownBy(() -> deserializer.deserialize(topic, prefix))
          .as("prefix of %d of %d bytes", length, valid.length)
          .isExactlyInstanceOf(SerializationException.class);
    }
  }

  private byte[] serialize(Alert alert) {
    return new AvroSerializer<Alert>(registry, Map.of("schema.registry.url", "mock://unused"), false)
        .serialize(TOPIC, alert);
  }
}
