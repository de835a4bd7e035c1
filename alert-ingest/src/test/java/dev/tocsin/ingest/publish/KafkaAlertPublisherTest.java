package dev.tocsin.ingest.publish;

import static dev.tocsin.ingest.testing.TestAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.avro.Alert;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaAlertPublisherTest {
  private static final String TOPIC = "tocsin.alerts.v1";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final MockProducer<String, Alert> producer = new MockProducer<>(false, null, new StringSerializer(),
      valueSerializer());
  private KafkaAlertPublisher publisher;

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
  }

  @Test
  void completesOnlyOnceKafkaAcknowledgedEveryRecord() {
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);

    CompletableFuture<Void> published = publisher.publish(List.of(alert("0000000000000001"), alert("0000000000000002")));
    await().until(() -> producer.history().size() == 2);
    producer.completeNext();

    assertThat(published).isNotDone();
    producer.completeNext();
    assertThat(published).succeedsWithin(TIMEOUT);
  }

  @Test
  void keysEachRecordByFingerprintOnTheAlertsTopic() {
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);

    publisher.publish(List.of(alert("00000000000000aa"), alert("00000000000000bb")));
    await().until(() -> producer.history().size() == 2);

    assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(TOPIC);
    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("00000000000000aa",
        "00000000000000bb");
  }

  @Test
  void failsWhenAnyRecordIsNotAcknowledged() {
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);

    CompletableFuture<Void> published = publisher.publish(List.of(alert("0000000000000001"), alert("0000000000000002")));
    await().until(() -> producer.history().size() == 2);
    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));

    assertThat(published).failsWithin(TIMEOUT).withThrowableThat()
        .withRootCauseInstanceOf(NotEnoughReplicasException.class);
  }

  @Test
  void failsWhenSendThrowsBecauseMetadataNeverArrived() {
    producer.sendException = new TimeoutException("Topic not present in metadata after 10000 ms.");
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);

    CompletableFuture<Void> published = publisher.publish(List.of(alert("0000000000000001")));

    assertThat(published).failsWithin(TIMEOUT).withThrowableThat().withRootCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void failsWhenARecordCannotBeSerialized() {
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);

    CompletableFuture<Void> published = publisher.publish(List.of(alert("0000000000000001"), alert("badbadbadbadbad0")));
    await().until(() -> producer.history().size() == 1);
    producer.completeNext();

    assertThat(published).failsWithin(TIMEOUT).withThrowableThat()
        .withRootCauseInstanceOf(SerializationException.class);
  }

  @Test
  void completesAnEmptyBatchAtOnce() {
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);

    assertThat(publisher.publish(List.of())).isCompleted();
  }

  @Test
  void refusesAlertsOnceClosed() {
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);
    publisher.close();

    assertThat(publisher.publish(List.of(alert("0000000000000001")))).failsWithin(TIMEOUT).withThrowableThat()
        .withRootCauseInstanceOf(PublishException.class);
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void becomesReadyOnceTheTopicsMetadataIsAvailable() {
    producer.partitionsForException = new TimeoutException("Topic not present in metadata");
    publisher = new KafkaAlertPublisher(producer, TOPIC, TIMEOUT);
    assertThat(publisher.isReady()).isFalse();

    producer.partitionsForException = null;

    await().atMost(TIMEOUT).until(publisher::isReady);
  }

  @Test
  void requiresAcknowledgementFromAllReplicasWhateverTheClientPropertiesSay() {
    Map<String, Object> props = KafkaAlertPublisher.producerProperties(
        Map.of("bootstrap.servers", "broker:9092", "acks", "1", "enable.idempotence", "false",
            "compression.type", "zstd"), Duration.ofSeconds(10));

    assertThat(props)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 9_999)
        .containsEntry("compression.type", "zstd")
        .containsEntry("bootstrap.servers", "broker:9092");
  }

  @Test
  void derivesTimeoutsKafkaAcceptsEvenForAShortProduceTimeout() {
    Map<String, Object> props = new HashMap<>(KafkaAlertPublisher.producerProperties(
        Map.of("bootstrap.servers", "localhost:1"), Duration.ofMillis(500)));

    // KafkaProducer's constructor enforces delivery.timeout.ms >= linger.ms + request.timeout.ms.
    try (KafkaProducer<byte[], byte[]> checked = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      assertThat(checked).isNotNull();
    }
    assertThat((int) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
        .isGreaterThanOrEqualTo((int) props.get(ProducerConfig.LINGER_MS_CONFIG)
            + (int) props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
  }

  private static Serializer<Alert> valueSerializer() {
    return (topic, alert) -> {
      if (alert.getFingerprint().startsWith("bad")) {
        throw new SerializationException("cannot register schema: registry unavailable");
      }
      return new byte[0];
    };
  }
}
