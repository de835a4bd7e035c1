package dev.tocsin.ingest.publish;

import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes incident commands to the commands topic through a {@link KafkaPublisher}, keyed by
 * incident id (by command id for CREATE, which has no incident yet). Thread-safe.
 */
public final class KafkaCommandPublisher implements CommandPublisher {
  private final KafkaPublisher<IncidentCommand> publisher;

  private KafkaCommandPublisher(KafkaPublisher<IncidentCommand> publisher) {
    this.publisher = publisher;
  }

  /** A publisher with its own idempotent {@code acks=all} producer. */
  public static KafkaCommandPublisher create(Map<String, ?> kafkaClientProperties,
      TopicSpec<String, IncidentCommand> commands, Duration produceTimeout) {
    return new KafkaCommandPublisher(KafkaPublisher.create(kafkaClientProperties, commands,
        KafkaCommandPublisher::key, "command-ingest", produceTimeout));
  }

  static String key(IncidentCommand command) {
    return command.getIncidentId() != null ? command.getIncidentId() : command.getCommandId();
  }

  @Override
  public CompletableFuture<Void> publish(IncidentCommand command) {
    return publisher.publish(List.of(command));
  }

  @Override
  public void close() {
    publisher.close();
  }
}
