package dev.tocsin.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.SampleRecords;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {
  private static final String TOPIC = "tocsin.incidents.v1";

  private final String scope = "deserializer-" + UUID.randomUUID();
  private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.scope(scope);
  private final Map<String, String> config = Map.of("schema.registry.url", "mock://" + scope);

  @AfterEach
  void dropScope() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  @Test
  void deserializedIncidentWithAlertsIsEqualAndHashableBothWays() {
    // Regression: arrays came back as GenericData.Array, whose equals/hashCode use the plain
    // GenericData model; it cannot resolve an Instant inside a union and threw AvroRuntimeException.
    Incident incident = SampleRecords.incident();

    Incident read = roundTrip(Incident.class, incident);

    assertThat(read).isEqualTo(incident);
    assertThat(incident).isEqualTo(read);
    assertThat(read.hashCode()).isEqualTo(incident.hashCode());
    assertThat(Set.of(read)).contains(incident);
  }

  @Test
  void deserializedNotificationWithNestedIncidentIsEqualAndHashable() {
    Notification notification = SampleRecords.notification();

    Notification read = roundTrip(Notification.class, notification);

    assertThat(read).isEqualTo(notification);
    assertThat(read.hashCode()).isEqualTo(notification.hashCode());
  }

  @Test
  void genericDeserializerReadsAnyRecordInItsWriterSchema() {
    byte[] bytes = new AvroSerializer<Alert>(registry, config, false).serialize(TOPIC, SampleRecords.alert());

    AvroDeserializer<GenericData.Record> deserializer = AvroDeserializer.generic();
    deserializer.configure(config, false);

    GenericData.Record read = deserializer.deserialize(TOPIC, bytes);

    assertThat(read.getSchema()).isEqualTo(Alert.getClassSchema());
    assertThat(read.get("fingerprint")).hasToString("c0ffee00deadbeef");
    assertThat(read.get("startsAt")).isEqualTo(SampleRecords.STARTS_AT.toEpochMilli());
  }

  @Test
  void recordOfAnotherTypeIsASerializationException() {
    byte[] incidentBytes = new AvroSerializer<Incident>(registry, config, false).serialize(TOPIC,
        SampleRecords.incident());

    assertThatThrownBy(() -> new AvroDeserializer<>(Alert.class, registry).deserialize(TOPIC, incidentBytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 1");
  }

  private <T extends SpecificRecord> T roundTrip(Class<T> type, T value) {
    byte[] bytes = new AvroSerializer<T>(registry, config, false).serialize(TOPIC, value);
    return new AvroDeserializer<>(type, registry).deserialize(TOPIC, bytes);
  }
}
