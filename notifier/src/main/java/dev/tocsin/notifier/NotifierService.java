package dev.tocsin.notifier;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.LogChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.DeliveryExecutor;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.notifier.delivery.RetrySchedule;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes notifications, delivers each through the channels of its receiver (see
 * {@link ReceiverChannels}), writes one delivery result per channel and dead-letters what failed
 * for good, committing offsets only once all of that is acknowledged by Kafka (at-least-once
 * delivery; receivers deduplicate on the notification id). A notification naming a receiver the
 * routing does not know fails permanently and is dead-lettered.
 * One internal thread does all the work; {@link #close()} may be called from any thread.
 */
public final class NotifierService implements AutoCloseable {
  public static final String ERROR_REASON_HEADER = "tocsin.error.reason";
  public static final String ERROR_INTEGRATION_HEADER = "tocsin.error.integration";
  public static final String ERROR_TOPIC_HEADER = "tocsin.error.topic";
  public static final String ERROR_PARTITION_HEADER = "tocsin.error.partition";
  public static final String ERROR_OFFSET_HEADER = "tocsin.error.offset";
  private static final List<String> ERROR_HEADERS = List.of(ERROR_REASON_HEADER, ERROR_INTEGRATION_HEADER,
      ERROR_TOPIC_HEADER, ERROR_PARTITION_HEADER, ERROR_OFFSET_HEADER);

  /** The integration a result names when no channel was tried because the receiver is unknown. */
  public static final String UNROUTED_INTEGRATION = "none";

  private static final Logger log = LoggerFactory.getLogger(NotifierService.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration TRANSIENT_FAILURE_PAUSE = Duration.ofSeconds(5);
  /** How long close() lets an in-flight delivery finish before interrupting it. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private static final int DELIVERED_IDS_CAPACITY = 100_000;
  /**
   * Deliveries block the consumer thread, up to attempts x (timeout + backoff) per record and
   * channel; one record per poll keeps a poll's work bounded when a receiver is down.
   */
  private static final int DEFAULT_MAX_POLL_RECORDS = 1;
  /** Integrations one receiver is assumed to have at most, for the poll-interval budget. */
  private static final int CHANNELS_BUDGETED = 4;
  private static final Duration KAFKA_DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Topics topics;
  private final ReceiverChannels routing;
  private final Clock clock;
  private final DeliveryExecutor executor;
  private final DeliveredIds delivered = new DeliveredIds(DELIVERED_IDS_CAPACITY);
  private final Deserializer<Notification> notificationDeserializer;
  private final Serializer<String> resultKeySerializer;
  private final Serializer<DeliveryResult> resultValueSerializer;
  private final Thread thread;
  private volatile boolean closing;
  private volatile Throwable failure;

  private NotifierService(NotifierConfig config, Map<String, Object> kafkaClientProperties, Topics topics,
      Clock clock, ReceiverChannels routing) {
    this.topics = topics;
    this.routing = routing;
    this.clock = clock;
    this.executor = new DeliveryExecutor(config.retrySchedule(), clock);
    this.notificationDeserializer = topics.notifications().valueSerde().deserializer();
    this.resultKeySerializer = topics.notificationResults().keySerde().serializer();
    this.resultValueSerializer = topics.notificationResults().valueSerde().serializer();
    this.producer = new KafkaProducer<>(producerProperties(kafkaClientProperties), new ByteArraySerializer(),
        new ByteArraySerializer());
    try {
      this.consumer = new KafkaConsumer<>(consumerProperties(config, kafkaClientProperties),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    this.thread = new Thread(this::run, "tocsin-notifier");
  }

  /**
   * Starts delivering through the channels {@code config} defines: with
   * {@code notifier.receivers.file}, each notification's receiver's integrations and the log
   * (its {@code ${NAME}} references read from the process environment); without it, the log
   * always and the webhook when {@code webhook.url} is set.
   *
   * @param kafkaClientProperties passed to the consumer and producer ({@code bootstrap.servers}, security, ...)
   * @throws dev.tocsin.notifier.receiver.InvalidReceiversException listing every problem in the receivers file
   */
  public static NotifierService start(NotifierConfig config, Map<String, Object> kafkaClientProperties,
      Topics topics, Clock clock) {
    return start(config, kafkaClientProperties, topics, clock, ReceiverChannels.from(config, System.getenv(), clock));
  }

  /**
   * Starts delivering through {@code channels}, in order and whatever the receiver, instead of
   * those {@code config} defines.
   */
  public static NotifierService start(NotifierConfig config, Map<String, Object> kafkaClientProperties,
      Topics topics, Clock clock, List<NotificationChannel> channels) {
    return start(config, kafkaClientProperties, topics, clock, ReceiverChannels.forEveryReceiver(channels));
  }

  /** Starts delivering through the channels {@code routing} picks for each notification's receiver. */
  public static NotifierService start(NotifierConfig config, Map<String, Object> kafkaClientProperties,
      Topics topics, Clock clock, ReceiverChannels routing) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(routing, "routing");
    NotifierService service = new NotifierService(config, kafkaClientProperties, topics, clock, routing);
    service.thread.start();
    return service;
  }

  /** The channels {@code config} defines for every receiver when there is no receivers file, in delivery order. */
  public static List<NotificationChannel> channels(NotifierConfig config, Clock clock) {
    List<NotificationChannel> channels = new ArrayList<>();
    channels.add(new LogChannel());
    config.webhookUrl().ifPresent(url -> channels.add(new WebhookChannel(url, config.webhookTimeout(), clock,
        config.webhookSigningSecret())));
    return channels;
  }

  /** True until the consumer thread has stopped, after {@link #close()} or a fatal error. */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /** The error that stopped the service, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Blocks until the consumer thread has stopped. */
  public void awaitTermination() throws InterruptedException {
    thread.join();
  }

  /**
   * Stops consuming: the record being delivered is finished (or, after a grace period,
   * interrupted and left uncommitted), finished work is committed and the clients are closed.
   */
  @Override
  public void close() {
    closing = true;
    if (thread.isAlive()) {
      consumer.wakeup();
    }
    try {
      thread.join(SHUTDOWN_GRACE.toMillis());
      if (thread.isAlive()) {
        log.warn("delivery still in progress after {} s; interrupting it", SHUTDOWN_GRACE.toSeconds());
        thread.interrupt();
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topics.notifications().name()));
      log.info("delivering notifications from {} through {}", topics.notifications().name(),
          routing);
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          break;
        }
        if (!records.isEmpty()) {
          processBatch(records);
        }
      }
    } catch (InterruptedException | InterruptException e) {
      if (!closing) {
        failure = e;
        log.error("notifier interrupted; stopping", e);
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("notifier stopped by an unexpected error; uncommitted notifications will be delivered again "
          + "after a restart", e);
    } finally {
      // Kafka's close() refuses to run on an interrupted thread.
      Thread.interrupted();
      closeQuietly(consumer);
      closeQuietly(producer);
      log.info("notifier stopped");
    }
  }

  private void processBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    Map<TopicPartition, Long> rewind = new LinkedHashMap<>();
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    boolean unavailable = false;
    boolean interrupted = false;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (unavailable || interrupted || closing) {
          rewind.put(partition, record.offset());
          break;
        }
        Decoded decoded = decode(record);
        if (decoded instanceof Decoded.Unavailable failure) {
          log.warn("cannot decode {}-{}@{} yet ({}); trying again in {} s", partition.topic(),
              partition.partition(), record.offset(), failure.reason(), TRANSIENT_FAILURE_PAUSE.toSeconds());
          unavailable = true;
          rewind.put(partition, record.offset());
          break;
        }
        try {
          process(record, decoded, sends);
        } catch (InterruptedException e) {
          // Interrupted by close(): this record's deliveries are unknown, so it stays uncommitted.
          interrupted = true;
          rewind.put(partition, record.offset());
          break;
        }
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    awaitAcknowledgements(sends);
    commit(done);
    if (interrupted) {
      throw new InterruptedException("interrupted while delivering");
    }
    if (!closing) {
      // The consumer's position is past the records left undone; read them again on the next poll.
      rewind.forEach(consumer::seek);
    }
    if (unavailable) {
      pause(TRANSIENT_FAILURE_PAUSE);
    }
  }

  private void process(ConsumerRecord<byte[], byte[]> record, Decoded decoded, List<Future<RecordMetadata>> sends)
      throws InterruptedException {
    if (decoded instanceof Decoded.Undecodable undecodable) {
      log.warn("dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), undecodable.reason());
      sends.add(producer.send(deadLetter(record, undecodable.reason(), null)));
      return;
    }
    Notification notification = ((Decoded.Ok) decoded).notification();
    Optional<List<ReceiverChannels.Target>> targets = routing.forReceiver(notification.getReceiver());
    if (targets.isEmpty()) {
      unknownReceiver(record, notification, sends);
      return;
    }
    for (ReceiverChannels.Target target : targets.get()) {
      NotificationChannel channel = target.channel();
      String integration = channel.integration();
      if (delivered.contains(target.key(), notification.getNotificationId())) {
        log.info("notification {} was already delivered through {}; not sending it again",
            notification.getNotificationId(), integration);
        continue;
      }
      DeliveryReport report = executor.execute(channel, notification);
      DeliveryResult result = DeliveryResults.of(notification, integration, report);
      String resultTopic = topics.notificationResults().name();
      sends.add(producer.send(new ProducerRecord<>(resultTopic,
          resultKeySerializer.serialize(resultTopic, result.getIncidentId()),
          resultValueSerializer.serialize(resultTopic, result))));
      if (report.outcome() instanceof DeliveryOutcome.Delivered) {
        delivered.add(target.key(), notification.getNotificationId());
      } else if (report.outcome() instanceof DeliveryOutcome.Skipped skipped) {
        // Settled like a delivery: the result says why, and there is nothing to dead-letter.
        log.info("{} skipped notification {} for incident {}: {}", integration, notification.getNotificationId(),
            result.getIncidentId(), skipped.reason());
        delivered.add(target.key(), notification.getNotificationId());
      } else {
        log.warn("{} delivery of notification {} for incident {} failed: {}; dead-lettering it", integration,
            notification.getNotificationId(), result.getIncidentId(), result.getReason());
        sends.add(producer.send(deadLetter(record, result.getReason(), integration)));
      }
    }
  }

  /** A receiver nobody defined is a configuration mistake: report it and dead-letter the notification. */
  private void unknownReceiver(ConsumerRecord<byte[], byte[]> record, Notification notification,
      List<Future<RecordMetadata>> sends) {
    String reason = "unknown receiver \"" + notification.getReceiver() + "\"";
    DeliveryReport report = new DeliveryReport(new DeliveryOutcome.Permanent(reason, OptionalInt.empty()), 0,
        List.of(), clock.instant());
    DeliveryResult result = DeliveryResults.of(notification, UNROUTED_INTEGRATION, report);
    String resultTopic = topics.notificationResults().name();
    log.warn("notification {} for incident {} names {}; dead-lettering it", notification.getNotificationId(),
        result.getIncidentId(), reason);
    sends.add(producer.send(new ProducerRecord<>(resultTopic,
        resultKeySerializer.serialize(resultTopic, result.getIncidentId()),
        resultValueSerializer.serialize(resultTopic, result))));
    sends.add(producer.send(deadLetter(record, reason, UNROUTED_INTEGRATION)));
  }

  private Decoded decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return new Decoded.Undecodable("record has no value");
    }
    try {
      Notification notification = notificationDeserializer.deserialize(record.topic(), record.headers(),
          record.value());
      return notification == null ? new Decoded.Undecodable("record decoded to nothing")
          : new Decoded.Ok(notification);
    } catch (SerializationException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return registryUnavailable(e) ? new Decoded.Unavailable(reason) : new Decoded.Undecodable(reason);
    }
  }

  /** A registry outage or credential problem is not the record's fault: wait rather than dead-letter. */
  private static boolean registryUnavailable(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException registry) {
        return registry.retryable() || registry.status() == 401 || registry.status() == 403;
      }
    }
    return false;
  }

  /** Sleeps up to {@code duration}, returning early when the service is closing. */
  private void pause(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    while (!closing && System.nanoTime() < deadline) {
      Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason,
      String integration) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    ERROR_HEADERS.forEach(headers::remove);
    headers.add(ERROR_REASON_HEADER, utf8(reason));
    if (integration != null) {
      headers.add(ERROR_INTEGRATION_HEADER, utf8(integration));
    }
    headers.add(ERROR_TOPIC_HEADER, utf8(record.topic()));
    headers.add(ERROR_PARTITION_HEADER, utf8(String.valueOf(record.partition())));
    headers.add(ERROR_OFFSET_HEADER, utf8(String.valueOf(record.offset())));
    return new ProducerRecord<>(topics.deadLetters().name(), null, record.key(), record.value(), headers);
  }

  private void awaitAcknowledgements(List<Future<RecordMetadata>> sends) throws InterruptedException {
    if (sends.isEmpty()) {
      return;
    }
    producer.flush();
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        throw new KafkaException("could not write a delivery result or dead letter; offsets stay uncommitted",
            e.getCause());
      }
    }
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(offsets);
        return;
      } catch (WakeupException e) {
        // close() raced with the batch; its work is done and acknowledged, so commit it anyway.
        if (attempt > 1) {
          throw e;
        }
      } catch (CommitFailedException | RebalanceInProgressException e) {
        log.warn("could not commit offsets ({}); those notifications will be delivered again", e.getMessage());
        return;
      }
    }
  }

  /**
   * The consumer's settings. {@code max.poll.interval.ms} covers the worst case of one record
   * (every attempt of every channel timing out, with the longest backoff between attempts), so a
   * receiver that is down or rate-limits (429 with a long Retry-After) does not get the consumer
   * thrown out of its group and the same records redelivered over and over.
   */
  static Map<String, Object> consumerProperties(NotifierConfig config, Map<String, Object> kafka) {
    Map<String, Object> properties = new HashMap<>(kafka);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
    RetrySchedule retries = config.retrySchedule();
    Duration perChannel = config.webhookTimeout().multipliedBy(retries.maxAttempts())
        .plus(retries.maxBackoff().multipliedBy(retries.maxAttempts() - 1L));
    Duration worstRecord = perChannel.multipliedBy(CHANNELS_BUDGETED);
    Duration interval = worstRecord.compareTo(KAFKA_DEFAULT_MAX_POLL_INTERVAL) > 0 ? worstRecord
        : KAFKA_DEFAULT_MAX_POLL_INTERVAL;
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE,
        interval.toMillis()));
    return properties;
  }

  private static Map<String, Object> producerProperties(Map<String, Object> kafka) {
    Map<String, Object> properties = new HashMap<>(kafka);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return properties;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("error closing {}", closeable.getClass().getSimpleName(), e);
    }
  }

  /** What a consumed record decodes to. */
  private sealed interface Decoded {
    /** A notification to deliver. */
    record Ok(Notification notification) implements Decoded {
    }

    /** Bytes that will never decode; they go to the dead-letter topic. */
    record Undecodable(String reason) implements Decoded {
    }

    /** Decoding failed for reasons outside the record (registry down); read it again later. */
    record Unavailable(String reason) implements Decoded {
    }
  }
}
