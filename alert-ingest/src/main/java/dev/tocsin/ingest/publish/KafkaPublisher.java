package dev.tocsin.ingest.publish;

import dev.tocsin.schemas.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes records to one topic with an idempotent {@code acks=all} producer; a batch's future
 * completes only when Kafka acknowledged every record of it. {@code send()} can block on metadata
 * for up to {@code max.block.ms}, so it runs on one dedicated sender thread (which also keeps the
 * order of arrival), never on the caller's. Thread-safe.
 */
public final class KafkaPublisher<V> implements AutoCloseable {
  /** Short: at low load a request waits out the whole linger; under load batches fill while earlier ones are in flight. */
  static final int LINGER_MS = 1;
  /** Kafka's default request timeout; lowered when produce.timeout.ms leaves less room. */
  private static final int MAX_REQUEST_TIMEOUT_MS = 30_000;
  /** Requests waiting for the sender thread before new ones are refused (and answered 503). */
  private static final int MAX_WAITING_REQUESTS = 1000;
  private static final Duration METADATA_RETRY_PAUSE = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

  private final Producer<String, V> producer;
  private final String topic;
  private final Function<V, String> key;
  private final Duration closeTimeout;
  private final ThreadPoolExecutor sender;
  private final Thread metadataCheck;
  /** Null for a publisher over a given producer (tests): then only the metadata check counts. */
  private final TopicWritability writability;
  private volatile boolean ready;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * A publisher over {@code producer}; starts a background check that marks it ready once the
   * producer has fetched the topic's metadata.
   *
   * @param key the record key of a value
   * @param name names the threads ({@code <name>-sender}, {@code <name>-metadata-check})
   * @param closeTimeout how long {@link #close()} waits for in-flight records
   */
  public KafkaPublisher(Producer<String, V> producer, String topic, Function<V, String> key, String name,
      Duration closeTimeout) {
    this(producer, topic, key, name, closeTimeout, null);
  }

  private KafkaPublisher(Producer<String, V> producer, String topic, Function<V, String> key, String name,
      Duration closeTimeout, TopicWritability writability) {
    this.writability = writability;
    this.producer = producer;
    this.topic = topic;
    this.key = key;
    this.closeTimeout = closeTimeout;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(MAX_WAITING_REQUESTS), runnable -> daemon(runnable, name + "-sender"));
    this.metadataCheck = daemon(this::awaitMetadata, name + "-metadata-check");
    metadataCheck.start();
  }

  /** A publisher with its own {@link KafkaProducer}, configured by {@link #producerProperties}. */
  public static <V> KafkaPublisher<V> create(Map<String, ?> kafkaClientProperties, TopicSpec<String, V> topic,
      Function<V, String> key, String name, Duration produceTimeout) {
    Producer<String, V> producer = new KafkaProducer<>(producerProperties(kafkaClientProperties, produceTimeout, name),
        topic.keySerde().serializer(), topic.valueSerde().serializer());
    return new KafkaPublisher<>(producer, topic.name(), key, name, produceTimeout,
        TopicWritability.start(kafkaClientProperties, topic.name(), name));
  }

  /**
   * The producer's settings: the pass-through client properties, then what "accepted means durable"
   * requires ({@code acks=all}, idempotence) and timeouts derived from {@code produceTimeout}, which
   * the client properties cannot override.
   */
  public static Map<String, Object> producerProperties(Map<String, ?> kafkaClientProperties, Duration produceTimeout,
      String clientId) {
    int timeoutMs = Math.toIntExact(produceTimeout.toMillis());
    if (timeoutMs <= LINGER_MS) {
      throw new IllegalArgumentException("produce timeout must exceed linger.ms (" + LINGER_MS + " ms): " + timeoutMs);
    }
    Map<String, Object> props = new HashMap<>(kafkaClientProperties);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tocsin-" + clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeoutMs);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(MAX_REQUEST_TIMEOUT_MS, timeoutMs - LINGER_MS));
    return props;
  }

  /** Sends {@code records}; the future completes once all are acknowledged, or fails with the first failure. */
  public CompletableFuture<Void> publish(List<V> alerts) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (alerts.isEmpty()) {
      result.complete(null);
      return result;
    }
    if (closed) {
      result.completeExceptionally(new PublishException("publisher is closed"));
      return result;
    }
    try {
      sender.execute(new SendTask(List.copyOf(alerts), result, System.nanoTime() + closeTimeout.toNanos()));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new PublishException(closed ? "publisher is closed"
          : "more than " + MAX_WAITING_REQUESTS + " requests are waiting for Kafka"));
    }
    return result;
  }

  /** One request's records; a class rather than a lambda so that a task dropped at close can be failed. */
  private final class SendTask implements Runnable {
    private final List<V> alerts;
    private final CompletableFuture<Void> result;

    private final long deadlineNanos;

    SendTask(List<V> alerts, CompletableFuture<Void> result, long deadlineNanos) {
      this.alerts = alerts;
      this.result = result;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
      if (System.nanoTime() - deadlineNanos > 0) {
        // Queued behind slow sends past the produce timeout: the caller must hear 503 now, not later.
        result.completeExceptionally(new PublishException("waited longer than the produce timeout for Kafka"));
        return;
      }
      send(alerts, result);
    }
  }

  private void send(List<V> alerts, CompletableFuture<Void> result) {
    AtomicInteger pending = new AtomicInteger(alerts.size());
    for (V alert : alerts) {
      if (result.isDone()) {
        return;
      }
      try {
        producer.send(new ProducerRecord<>(topic, key.apply(alert), alert), (metadata, exception) -> {
          if (exception != null) {
            result.completeExceptionally(exception);
          } else if (pending.decrementAndGet() == 0) {
            result.complete(null);
          }
        });
      } catch (RuntimeException e) {
        // e.g. TimeoutException after max.block.ms, SerializationException when the registry is down
        result.completeExceptionally(e);
        return;
      }
    }
  }

  /**
   * True once the producer has seen the topic's metadata, while the topic takes {@code acks=all}
   * writes (Kafka answers and enough replicas are in sync; see {@link TopicWritability}), until closed.
   */
  public boolean isReady() {
    return ready && !closed && (writability == null || writability.writable());
  }

  private void awaitMetadata() {
    while (!closed) {
      try {
        producer.partitionsFor(topic);
        ready = true;
        LOG.info("Kafka metadata for topic {} available; ready", topic);
        return;
      } catch (InterruptException e) {
        return;
      } catch (KafkaException e) {
        LOG.warn("Kafka metadata for topic {} not available yet: {}", topic, e.getMessage());
      } catch (IllegalStateException e) {
        return; // producer closed
      }
      try {
        Thread.sleep(METADATA_RETRY_PAUSE.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops taking records, waits up to the close timeout for queued and in-flight ones, closes the producer. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    metadataCheck.interrupt();
    sender.shutdown();
    try {
      if (!sender.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("sender for {} did not drain within {}; failing the requests still waiting", topic, closeTimeout);
        for (Runnable dropped : sender.shutdownNow()) {
          if (dropped instanceof KafkaPublisher<?>.SendTask task) {
            task.result.completeExceptionally(new PublishException("publisher closed before sending"));
          }
        }
      }
      metadataCheck.join(closeTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(closeTimeout);
    if (writability != null) {
      writability.close();
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
