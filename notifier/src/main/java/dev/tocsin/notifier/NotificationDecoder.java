package dev.tocsin.notifier;

import dev.tocsin.avro.Notification;
import dev.tocsin.schemas.registry.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes consumed notification records, telling bytes that will never decode (dead-letter them)
 * from a schema registry that cannot answer yet (read them again later). Used by the consumer
 * thread only, as its deserializer need not be thread-safe.
 */
final class NotificationDecoder {
  private final Deserializer<Notification> deserializer;

  NotificationDecoder(Deserializer<Notification> deserializer) {
    this.deserializer = deserializer;
  }

  Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return new Decoded.Undecodable("record has no value");
    }
    try {
      Notification notification = deserializer.deserialize(record.topic(), record.headers(), record.value());
      return notification == null ? new Decoded.Undecodable("record decoded to nothing")
          : new Decoded.Ok(notification);
    } catch (SerializationException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return registryUnavailable(e) ? new Decoded.Unavailable(reason) : new Decoded.Undecodable(reason);
    }
  }

  /** A registry outage or credential problem is not the record's fault: wait rather than dead-letter. */
  static boolean registryUnavailable(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException registry) {
        return registry.retryable() || registry.status() == 401 || registry.status() == 403;
      }
    }
    return false;
  }
}
