package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.support.SampleNotifications;
import dev.tocsin.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class NotificationDecoderTest {
  private static final byte[] BYTES = "bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void decodesANotification() {
    Notification notification = SampleNotifications.opened("INC-1:1:sre-oncall", "INC-1");

    assertThat(decoderAnswering(notification).decode(record(BYTES))).isEqualTo(new Decoded.Ok(notification));
  }

  @Test
  void deadLettersARecordWithoutValueOrDecodingToNothing() {
    assertThat(decoderAnswering(null).decode(record(null))).isEqualTo(new Decoded.Undecodable("record has no value"));
    assertThat(decoderAnswering(null).decode(record(BYTES)))
        .isEqualTo(new Decoded.Undecodable("record decoded to nothing"));
  }

  @Test
  void deadLettersBytesThatDoNotDecode() {
    assertThat(decoderThrowing(new SerializationException("unknown magic byte")).decode(record(BYTES)))
        .isEqualTo(new Decoded.Undecodable("unknown magic byte"));
  }

  @Test
  void deadLettersARecordWhoseSchemaTheRegistryDoesNotKnow() {
    SerializationException error = new SerializationException("schema 7 not found",
        new SchemaRegistryException("Schema not found", 404, 40403));

    assertThat(decoderThrowing(error).decode(record(BYTES))).isInstanceOf(Decoded.Undecodable.class);
  }

  @Test
  void waitsForARegistryThatIsDownOrRefusesTheCredentials() {
    for (int status : new int[] {0, 503, 401, 403}) {
      SerializationException error = new SerializationException("registry said " + status,
          new SchemaRegistryException("registry said " + status, status, 0));

      assertThat(decoderThrowing(error).decode(record(BYTES)))
          .isEqualTo(new Decoded.Unavailable("registry said " + status));
    }
  }

  private static NotificationDecoder decoderAnswering(Notification notification) {
    Deserializer<Notification> deserializer = (topic, data) -> notification;
    return new NotificationDecoder(deserializer);
  }

  private static NotificationDecoder decoderThrowing(SerializationException error) {
    Deserializer<Notification> deserializer = (topic, data) -> {
      throw error;
    };
    return new NotificationDecoder(deserializer);
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return new ConsumerRecord<>("notifications", 0, 42L, null, value);
  }
}
