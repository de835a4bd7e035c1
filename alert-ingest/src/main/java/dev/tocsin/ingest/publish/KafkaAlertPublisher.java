package dev.tocsin.ingest.publish;

import dev.tocsin.avro.Alert;
import dev.tocsin.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/** Publishes alerts to the alerts topic, keyed by fingerprint, through a {@link KafkaPublisher}. Thread-safe. */
public final class KafkaAlertPublisher implements AlertPublisher {
  static final int LINGER_MS = KafkaPublisher.LINGER_MS;
  private static final String NAME = "alert-ingest";

  private final KafkaPublisher<Alert> publisher;

  /** A publisher over {@code producer} (tests). */
  public KafkaAlertPublisher(Producer<String, Alert> producer, String topic, Duration closeTimeout) {
    this(new KafkaPublisher<>(producer, topic, Alert::getFingerprint, NAME, closeTimeout));
  }

  private KafkaAlertPublisher(KafkaPublisher<Alert> publisher) {
    this.publisher = publisher;
  }

  /** A publisher with its own producer, configured by {@link #producerProperties}. */
  public static KafkaAlertPublisher create(Map<String, ?> kafkaClientProperties, TopicSpec<String, Alert> alerts,
      Duration produceTimeout) {
    return new KafkaAlertPublisher(KafkaPublisher.create(kafkaClientProperties, alerts, Alert::getFingerprint, NAME,
        produceTimeout));
  }

  /** The producer settings alert-ingest uses; see {@link KafkaPublisher#producerProperties}. */
  public static Map<String, Object> producerProperties(Map<String, ?> kafkaClientProperties, Duration produceTimeout) {
    return KafkaPublisher.producerProperties(kafkaClientProperties, produceTimeout, NAME);
  }

  @Override
  public CompletableFuture<Void> publish(List<Alert> alerts) {
    return publisher.publish(alerts);
  }

  @Override
  public boolean isReady() {
    return publisher.isReady();
  }

  @Override
  public void close() {
    publisher.close();
  }
}
