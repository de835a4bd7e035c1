package dev.tocsin.notifier;

import dev.failsafe.RateLimiter;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.channel.LogChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.DeliveryExecutor;
import dev.tocsin.notifier.delivery.DeliveryLane;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.notifier.delivery.RateLimits;
import dev.tocsin.notifier.delivery.ResultAware;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.GroupMembership;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes notifications and delivers each through the channels of its receiver (see
 * {@link ReceiverChannels}). Every target (one integration of one receiver) has a lane of its own,
 * bounded queues and {@code notifier.lane.concurrency} threads ({@link DeliveryLane}) under its
 * rate limit, so a slow, failing or rate-limited target never delays another and several
 * incidents' deliveries to one target are in flight at once, while one target still gets one
 * incident's notifications in order. Each delivery writes a result, and a dead letter when it failed for
 * good; a record's offset is committed once every lane has finished it and Kafka acknowledged
 * those writes, always the contiguous finished prefix of each partition (at-least-once). Full
 * lanes pause their partitions rather than block the poll loop; a rebalance lets revoked
 * partitions' deliveries under way finish within {@code notifier.revoke.timeout.ms}, commits and
 * drops the rest. Delivered ids are remembered and rebuilt, at start-up and on assignment, from
 * the group's own results ({@link ResultReplay}), so what was delivered is not sent again after a
 * restart or rebalance. A notification naming a receiver the routing does not know fails
 * permanently and is dead-lettered.
 *
 * <p>Threads, all internal: the consumer thread polls, decodes, hands records to lanes and commits
 * ({@link AssignedPartitions}), and itself settles what needs no channel (undecodable records,
 * unknown receivers); a lane's threads deliver, settle ({@link Settlement}) and hand the result and
 * any dead letter to the {@link ResultWriter}; a producer thread learns that Kafka acknowledged them
 * and marks the record's piece finished ({@link PartitionWork}). A lane or producer thread's fatal
 * error is kept and thrown on the consumer thread, which stops the service. {@link #close()} may be
 * called from any thread.
 */
public final class NotifierService implements AutoCloseable {
  /**
   * Header of every delivery result naming the consumer group that wrote it: a group rebuilds its
   * delivered-id memory from its own results only, since another group's "webhook" may be
   * another URL altogether.
   */
  public static final String GROUP_HEADER = "tocsin.notifier.group";

  /** The integration a result names when no channel was tried because the receiver is unknown. */
  public static final String UNROUTED_INTEGRATION = "none";

  private static final Logger log = LoggerFactory.getLogger(NotifierService.class);
  /** Short, so that finished work is committed and paused partitions resumed promptly. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  /** How long close() lets deliveries under way finish before interrupting them. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private static final Duration KAFKA_DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

  private final NotifierConfig config;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ResultWriter writer;
  private final DeadLetters deadLetters;
  private final ResultReplay replay;
  private final Topics topics;
  private final ReceiverChannels routing;
  private final Clock clock;
  private final DeliveryExecutor executor;
  private final RateLimits rateLimits;
  private final DeliveredIds delivered;
  private final NotifierMetrics metrics;
  private final boolean ownsMetrics;
  private final Map<String, DeliveryLane> lanes = new ConcurrentHashMap<>();
  /** Owned by the consumer thread. */
  private final AssignedPartitions partitions;
  private final Thread thread;
  private final AtomicReference<Throwable> laneFailure = new AtomicReference<>();
  private volatile boolean closing;
  private volatile boolean halted;
  private volatile boolean ready;
  private volatile Throwable failure;

  private NotifierService(NotifierConfig config, Map<String, Object> kafkaClientProperties, Topics topics,
      Clock clock, ReceiverChannels routing, NotifierMetrics metrics, boolean ownsMetrics) {
    this.config = config;
    this.topics = topics;
    this.routing = routing;
    this.clock = clock;
    this.metrics = metrics;
    this.ownsMetrics = ownsMetrics;
    NotificationDecoder decoder = new NotificationDecoder(topics.notifications().valueSerde().deserializer());
    this.executor = new DeliveryExecutor(config.retrySchedule(), clock);
    this.rateLimits = config.rateLimits();
    this.delivered = new DeliveredIds(config.dedupCapacity());
    this.deadLetters = new DeadLetters(topics.deadLetters().name());
    this.writer = new ResultWriter(kafkaClientProperties, topics.notificationResults(), config.groupId(),
        this::failLane);
    try {
      this.replay = new ResultReplay(kafkaClientProperties, topics.notificationResults(), config.groupId(),
          config.dedupLookback(), clock, this::remember);
    } catch (RuntimeException e) {
      writer.closeNow();
      throw e;
    }
    try {
      this.consumer = new KafkaConsumer<>(consumerProperties(config, kafkaClientProperties),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (RuntimeException e) {
      replay.close();
      writer.closeNow();
      throw e;
    }
    this.partitions = new AssignedPartitions(consumer, decoder, this::dispatch, () -> closing);
    this.thread = new Thread(this::run, "tocsin-notifier");
  }

  /**
   * Starts delivering through the channels {@code config} defines: with
   * {@code notifier.receivers.file}, each notification's receiver's integrations, or the log for
   * a receiver with none (its {@code ${NAME}} references read from the process environment);
   * without it, the webhook when {@code webhook.url} is set, else the log.
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
    return start(config, kafkaClientProperties, topics, clock, routing, null);
  }

  /**
   * Starts delivering through the channels {@code routing} picks, counting in {@code metrics}
   * (which the caller closes), or in metrics of its own when null.
   */
  public static NotifierService start(NotifierConfig config, Map<String, Object> kafkaClientProperties,
      Topics topics, Clock clock, ReceiverChannels routing, NotifierMetrics metrics) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(routing, "routing");
    NotifierService service = new NotifierService(config, kafkaClientProperties, topics, clock, routing,
        metrics == null ? new NotifierMetrics() : metrics, metrics == null);
    service.thread.start();
    return service;
  }

  /**
   * The channels {@code config} defines for every receiver when there is no receivers file: the
   * webhook when {@code webhook.url} is set, else the log.
   */
  public static List<NotificationChannel> channels(NotifierConfig config, Clock clock) {
    return config.webhookUrl().<List<NotificationChannel>>map(url -> List.of(new WebhookChannel(url,
        config.webhookTimeout(), clock, config.webhookSigningSecret(), config.incidentLinks())))
        .orElseGet(() -> List.of(new LogChannel()));
  }

  /** True until the consumer thread has stopped, after {@link #close()} or a fatal error. */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /** True once earlier results are read back and notifications are being consumed, until closing. */
  public boolean isReady() {
    return ready && !closing && thread.isAlive();
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
   * Stops consuming: deliveries under way get a grace period to finish (then they are
   * interrupted and left uncommitted), finished work is committed and the clients are closed.
   */
  @Override
  public void close() {
    closing = true;
    if (thread.isAlive()) {
      consumer.wakeup();
    }
    try {
      thread.join(SHUTDOWN_GRACE.plusSeconds(10).toMillis());
      if (thread.isAlive()) {
        log.warn("notifier still stopping after {} s; interrupting it", SHUTDOWN_GRACE.plusSeconds(10).toSeconds());
        thread.interrupt();
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops at once, as a crash would as far as Kafka can tell: deliveries under way are
   * interrupted, nothing more is committed or waited for. For tests of what survives a crash.
   */
  void halt() {
    halted = true;
    close();
  }

  private void run() {
    try {
      if (!replay.disabled()) {
        int read = replay.catchUp(() -> closing);
        log.info("read back {} earlier delivery results of group {} (lookback {})", read, config.groupId(),
            config.dedupLookback());
      }
      consumer.subscribe(List.of(topics.notifications().name()),
          partitions.rebalanceListener(config.revokeTimeout(), this::readBackResults));
      ready = true;
      log.info("delivering notifications from {} through {}", topics.notifications().name(), routing);
      while (!closing) {
        throwIfLaneFailed();
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          break;
        }
        partitions.add(records);
        partitions.dispatch();
        partitions.commitIfDue();
      }
      throwIfLaneFailed();
      if (!halted) {
        partitions.finishAll(SHUTDOWN_GRACE);
      }
    } catch (InterruptException e) {
      if (!closing) {
        failure = e;
        log.error("notifier interrupted; stopping", e);
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("notifier stopped by an unexpected error; uncommitted notifications will be delivered again "
          + "after a restart", e);
    } finally {
      ready = false;
      // Kafka's close() refuses to run on an interrupted thread.
      Thread.interrupted();
      // Whatever is left is not committed, also not by the consumer's close (the listener finds nothing).
      partitions.abandonAll();
      stopLanes(halted ? Duration.ZERO : Duration.ofSeconds(1));
      closeConsumer();
      closeQuietly(replay);
      if (halted) {
        writer.closeNow();
      } else {
        closeQuietly(writer);
      }
      if (ownsMetrics) {
        metrics.close();
      }
      log.info("notifier stopped");
    }
  }

  /**
   * Hands one record to the lanes of its receiver's targets, or settles it at once (consumer thread).
   *
   * @return false, having done nothing, if a lane the record needs is full
   */
  private boolean dispatch(PartitionWork work, ConsumerRecord<byte[], byte[]> record, Decoded decoded) {
    if (decoded instanceof Decoded.Undecodable undecodable) {
      log.warn("dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), undecodable.reason());
      metrics.deadLetter(UNROUTED_INTEGRATION, NotifierMetrics.UNDECODABLE);
      writer.writeFor(work, record.offset(), List.of(deadLetters.of(record, undecodable.reason(), null)));
      return true;
    }
    Notification notification = ((Decoded.Ok) decoded).notification();
    Optional<List<ReceiverChannels.Target>> routed = routing.forReceiver(notification.getReceiver());
    if (routed.isEmpty()) {
      writer.writeFor(work, record.offset(), unknownReceiver(record, notification));
      return true;
    }
    List<ReceiverChannels.Target> targets = routed.get();
    List<String> integrations = IntegrationLabels.of(targets);
    List<DeliveryLane> targetLanes = targets.stream().map(this::lane).toList();
    // One incident's notifications keep their order within each lane.
    String orderKey = notification.getIncident().getId();
    if (!targetLanes.stream().allMatch(lane -> lane.hasRoom(orderKey))) {
      return false;
    }
    PartitionWork.Dispatched dispatched = work.dispatch(record.offset(), targets.size());
    for (int i = 0; i < targets.size(); i++) {
      Delivery delivery = new Delivery(work, dispatched, record, notification, targets.get(i), integrations.get(i),
          targetLanes.get(i));
      targetLanes.get(i).submit(orderKey, () -> deliver(delivery));
    }
    return true;
  }

  private DeliveryLane lane(ReceiverChannels.Target target) {
    return lanes.computeIfAbsent(target.key(), key -> {
      DeliveryLane lane = new DeliveryLane(key, config.laneQueueCapacity(), config.laneConcurrency(),
          rateLimits.limiterFor(target.channel().integration()));
      metrics.laneDepth(key, lane::depth);
      return lane;
    });
  }

  /** One notification through one target, on the target's lane. */
  private record Delivery(PartitionWork work, PartitionWork.Dispatched dispatched,
      ConsumerRecord<byte[], byte[]> record, Notification notification, ReceiverChannels.Target target,
      String integration, DeliveryLane lane) {
  }

  /**
   * Delivers, on the target's lane, unless already delivered; settles the outcome and writes it.
   * The record's piece is finished when Kafka acknowledged the writes, on a producer thread.
   */
  private void deliver(Delivery delivery) {
    if (!delivery.work().begin()) {
      return; // the partition was revoked; its new owner delivers this record
    }
    boolean writing = false;
    try {
      Notification notification = delivery.notification();
      NotificationChannel channel = delivery.target().channel();
      String kind = channel.integration();
      String integration = delivery.integration();
      String id = notification.getNotificationId();
      if (delivered.contains(notification.getReceiver(), integration, id)) {
        log.debug("notification {} was already delivered through {}; not sending it again", id, integration);
        metrics.notification(kind, NotifierMetrics.DUPLICATE);
        delivery.dispatched().partFinished();
        return;
      }
      Optional<RateLimiter<Object>> limiter = delivery.lane().rateLimiter();
      DeliveryReport report = limiter.isPresent() ? executor.execute(channel, notification, limiter.get())
          : executor.execute(channel, notification);
      Settlement settlement = Settlement.of(notification, integration, report);
      DeliveryResult result = settlement.result();
      metrics.notification(kind, settlement.outcomeLabel());
      metrics.retries(kind, report.attempts() - 1);
      metrics.deliveryLatency(kind, Duration.between(notification.getRequestedAt(), report.completedAt()));
      if (settlement.verdict() == Settlement.Verdict.SKIPPED) {
        log.debug("{} skipped notification {} for incident {}: {}", integration, id, result.getIncidentId(),
            result.getReason());
      } else if (settlement.deadLetterLabel().isPresent()) {
        log.warn("{} delivery of notification {} for incident {} failed: {}; dead-lettering it", integration, id,
            result.getIncidentId(), result.getReason());
      }
      List<ProducerRecord<byte[], byte[]>> writes = settle(settlement, delivery.record(), kind);
      writing = true;
      writer.write(writes, acknowledged -> {
        if (acknowledged) {
          delivery.dispatched().partFinished();
        }
        delivery.work().end();
      });
    } catch (InterruptedException e) {
      // Stopped mid-delivery: its fate is unknown, so the record stays uncommitted and is delivered again.
      log.info("{} delivery of notification {} interrupted; it stays uncommitted", delivery.integration(),
          delivery.notification().getNotificationId());
    } catch (InterruptException e) {
      // Kafka's form of the same: the lane was stopped while handing over its result.
      log.info("{} delivery of notification {} interrupted; it stays uncommitted", delivery.integration(),
          delivery.notification().getNotificationId());
    } catch (RuntimeException e) {
      failLane(e);
    } finally {
      if (!writing) {
        delivery.work().end();
      }
    }
  }

  private void failLane(Throwable error) {
    if (laneFailure.compareAndSet(null, error)) {
      log.error("delivery failed in a way retries cannot fix; stopping the notifier", error);
    }
  }

  private void throwIfLaneFailed() {
    Throwable error = laneFailure.get();
    if (error instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (error != null) {
      throw new KafkaException(error);
    }
  }

  /** A receiver nobody defined is a configuration mistake: report it and dead-letter the notification. */
  private List<ProducerRecord<byte[], byte[]>> unknownReceiver(ConsumerRecord<byte[], byte[]> record,
      Notification notification) {
    Settlement settlement = Settlement.unknownReceiver(notification, clock.instant());
    DeliveryResult result = settlement.result();
    log.warn("notification {} for incident {} names {}; dead-lettering it", notification.getNotificationId(),
        result.getIncidentId(), result.getReason());
    metrics.notification(UNROUTED_INTEGRATION, settlement.outcomeLabel());
    return settle(settlement, record, UNROUTED_INTEGRATION);
  }

  /**
   * Carries out {@code settlement}: remembers its id if it counts as delivered, counts a dead letter
   * under {@code metricIntegration}, and returns what to write: its result, and a dead letter of
   * {@code record} if it is one.
   */
  private List<ProducerRecord<byte[], byte[]>> settle(Settlement settlement, ConsumerRecord<byte[], byte[]> record,
      String metricIntegration) {
    DeliveryResult result = settlement.result();
    List<ProducerRecord<byte[], byte[]>> writes = new ArrayList<>(2);
    writes.add(writer.resultRecord(result));
    if (settlement.remembered()) {
      delivered.add(result.getReceiver(), result.getIntegration(), result.getNotificationId());
    }
    settlement.deadLetterLabel().ifPresent(label -> {
      metrics.deadLetter(metricIntegration, label);
      writes.add(deadLetters.of(record, result.getReason(), result.getIntegration()));
    });
    return writes;
  }

  /**
   * Takes note of one of the group's earlier results: delivered ids, and state of the channel that
   * produced it. Catching up after an assignment also reads this instance's own recent results,
   * so a ResultAware channel may be told again of what it did itself.
   */
  private void remember(DeliveryResult result) {
    dev.tocsin.avro.DeliveryOutcome outcome = result.getOutcome();
    if (outcome == dev.tocsin.avro.DeliveryOutcome.DELIVERED || outcome == dev.tocsin.avro.DeliveryOutcome.SUPPRESSED) {
      delivered.add(result.getReceiver(), result.getIntegration(), result.getNotificationId());
    }
    Optional<List<ReceiverChannels.Target>> targets = routing.forReceiver(result.getReceiver());
    if (targets.isEmpty()) {
      return;
    }
    List<String> integrations = IntegrationLabels.of(targets.get());
    for (int i = 0; i < integrations.size(); i++) {
      if (integrations.get(i).equals(result.getIntegration())
          && targets.get().get(i).channel() instanceof ResultAware stateful) {
        try {
          stateful.restore(result);
        } catch (RuntimeException e) {
          // A channel that cannot take note of one result still delivers; its message may quote a secret.
          log.warn("{} could not restore result of notification {} ({})", result.getIntegration(),
              result.getNotificationId(), e.getClass().getName());
        }
      }
    }
  }

  private void stopLanes(Duration grace) {
    for (DeliveryLane lane : lanes.values()) {
      try {
        if (!lane.shutdown(grace)) {
          log.warn("{} did not stop", lane);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Reads back the group's results again when partitions are newly assigned: their previous owner
   * committed only after its results were acknowledged.
   */
  private void readBackResults(List<TopicPartition> fresh) {
    if (!replay.disabled()) {
      int read = replay.catchUp(() -> closing);
      log.info("assigned {}; read back {} more delivery results", fresh, read);
    }
  }

  /**
   * The consumer's settings. The poll thread never delivers: the longest it goes without polling
   * is a rebalance waiting {@code notifier.revoke.timeout.ms} for revoked partitions' deliveries,
   * which {@code max.poll.interval.ms} covers. Assignment is cooperative, so a rebalance revokes
   * only the partitions that move.
   */
  static Map<String, Object> consumerProperties(NotifierConfig config, Map<String, Object> kafka) {
    Map<String, Object> properties = new HashMap<>(kafka);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Object protocol = properties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol == null || "classic".equals(String.valueOf(protocol).toLowerCase(Locale.ROOT))) {
      // The consumer protocol assigns on the broker and refuses this setting.
      properties.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          List.of(CooperativeStickyAssignor.class.getName(), RangeAssignor.class.getName()));
    }
    // A restarted notifier takes its partitions back seconds after it starts, not after Kafka's 45 s.
    GroupMembership.apply(properties, "");
    config.groupInstanceId().ifPresent(name -> properties.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name));
    Duration needed = config.revokeTimeout().plus(Duration.ofMinutes(1));
    Duration interval = needed.compareTo(KAFKA_DEFAULT_MAX_POLL_INTERVAL) > 0 ? needed
        : KAFKA_DEFAULT_MAX_POLL_INTERVAL;
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) interval.toMillis());
    return properties;
  }

  /**
   * Closes the consumer, leaving the group unless halted: a static member (one with a {@code
   * group.instance.id}) would otherwise hold its partitions for a session after a clean stop.
   */
  private void closeConsumer() {
    CloseOptions options = CloseOptions.groupMembershipOperation(halted
        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    try {
      consumer.close(options);
    } catch (RuntimeException e) {
      log.warn("error closing the consumer", e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("error closing {}", closeable.getClass().getSimpleName(), e);
    }
  }
}
