package dev.tocsin.schemas;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.Silence;
import dev.tocsin.schemas.serde.AvroSerde;
import dev.tocsin.schemas.serde.AvroTrust;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry: every Tocsin topic with its serdes, configured against one schema
 * registry. Immutable and thread-safe once built.
 */
public record Topics(
    TopicSpec<String, Alert> alerts,
    TopicSpec<String, IncidentCommand> incidentCommands,
    TopicSpec<String, Incident> incidents,
    TopicSpec<String, IncidentEvent> incidentEvents,
    TopicSpec<String, Notification> notifications,
    TopicSpec<String, DeliveryResult> notificationResults,
    TopicSpec<byte[], byte[]> deadLetters,
    TopicSpec<String, Silence> silences) {

  static {
    // Services touch Topics first; record builders filling enum defaults need the trust as well.
    AvroTrust.ensure();
  }

  /**
   * Builds the registry with value serdes configured from {@code serdeConfig}, which takes
   * Confluent's keys ({@code schema.registry.url}, {@code auto.register.schemas}, ...).
   */
  public static Topics create(Map<String, ?> serdeConfig) {
    return new Topics(
        spec(TopicNames.ALERTS, Alert.class, serdeConfig),
        spec(TopicNames.INCIDENT_COMMANDS, IncidentCommand.class, serdeConfig),
        spec(TopicNames.INCIDENTS, Incident.class, serdeConfig),
        spec(TopicNames.INCIDENT_EVENTS, IncidentEvent.class, serdeConfig),
        spec(TopicNames.NOTIFICATIONS, Notification.class, serdeConfig),
        spec(TopicNames.NOTIFICATION_RESULTS, DeliveryResult.class, serdeConfig),
        new TopicSpec<>(TopicNames.DEAD_LETTERS, Serdes.ByteArray(), Serdes.ByteArray()),
        spec(TopicNames.SILENCES, Silence.class, serdeConfig));
  }

  /** A value serde for {@code type}, configured like the topics' serdes (for state stores). */
  public static <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type, Map<String, ?> serdeConfig) {
    return AvroSerde.specific(type, serdeConfig, false);
  }

  private static <T extends SpecificRecord> TopicSpec<String, T> spec(String name, Class<T> type,
      Map<String, ?> serdeConfig) {
    return new TopicSpec<>(name, Serdes.String(), valueSerde(type, serdeConfig));
  }
}
