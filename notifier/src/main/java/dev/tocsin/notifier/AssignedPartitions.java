package dev.tocsin.notifier;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions the consumer owns and the flow of their records: fetched records wait in a
 * backlog (the partition paused meanwhile) until decoded and handed over, in offset order, to a
 * {@link Dispatcher}; the contiguous finished prefix of each is committed, asynchronously every
 * {@code 100 ms} and synchronously when partitions are revoked or the service stops. Owned by the
 * consumer thread, which is also where Kafka runs its rebalance listener and commit callbacks;
 * only each partition's {@link PartitionWork} is shared with the lanes.
 */
final class AssignedPartitions {
  /** Hands one decoded record over for delivery. */
  @FunctionalInterface
  interface Dispatcher {
    /** @return false, having done nothing, if a lane the record needs is full */
    boolean dispatch(PartitionWork work, ConsumerRecord<byte[], byte[]> record, Decoded decoded);
  }

  private static final Logger log = LoggerFactory.getLogger(AssignedPartitions.class);
  /** How often finished work is committed while running (asynchronously; synchronously on revoke and close). */
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
  private static final Duration TRANSIENT_FAILURE_PAUSE = Duration.ofSeconds(5);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final NotificationDecoder decoder;
  private final Dispatcher dispatcher;
  private final BooleanSupplier closing;
  private final Map<TopicPartition, Assigned> assigned = new LinkedHashMap<>();
  private long lastCommitNanos = System.nanoTime();

  /** @param closing true once the service stops, after which nothing more is handed over */
  AssignedPartitions(KafkaConsumer<byte[], byte[]> consumer, NotificationDecoder decoder, Dispatcher dispatcher,
      BooleanSupplier closing) {
    this.consumer = consumer;
    this.decoder = decoder;
    this.dispatcher = dispatcher;
    this.closing = closing;
  }

  /**
   * The listener to subscribe with: revoked partitions are {@linkplain #finish finished} within
   * {@code revokeTimeout}, lost ones dropped, and {@code onAssigned} is told of partitions newly
   * assigned (on the consumer thread, before any of their records is fetched).
   */
  ConsumerRebalanceListener rebalanceListener(Duration revokeTimeout, Consumer<List<TopicPartition>> onAssigned) {
    return new Rebalance(revokeTimeout, onAssigned);
  }

  /** Adds polled records to their partitions' backlogs; records of partitions no longer assigned are dropped. */
  void add(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      Assigned partitionState = assigned.get(partition);
      if (partitionState != null) {
        records.records(partition).forEach(record -> partitionState.backlog.add(new Fetched(record)));
      }
    }
  }

  /** Hands over what each partition's backlog can, and pauses or resumes each accordingly. */
  void dispatch() {
    for (Assigned partitionState : assigned.values()) {
      dispatch(partitionState);
    }
  }

  /** Commits, without waiting, the finished work of every partition if the last such commit is old enough. */
  void commitIfDue() {
    long now = System.nanoTime();
    if (now - lastCommitNanos >= COMMIT_INTERVAL.toNanos()) {
      commitAsync(committable(assigned.values()));
      lastCommitNanos = now;
    }
  }

  /** Lets every partition go as {@link #finish} does. */
  void finishAll(Duration timeout) {
    finish(List.copyOf(assigned.keySet()), timeout);
  }

  /** Forgets every partition without committing anything more: no further work for them starts. */
  void abandonAll() {
    assigned.values().forEach(partitionState -> partitionState.work.revoke());
    assigned.clear();
  }

  /** Hands the partition's fetched records to their lanes, in order, until one does not fit; pauses it meanwhile. */
  private void dispatch(Assigned partitionState) {
    long now = System.nanoTime();
    if (partitionState.retryAt == 0 || now - partitionState.retryAt >= 0) {
      partitionState.retryAt = 0;
      while (!partitionState.backlog.isEmpty() && !closing.getAsBoolean()) {
        Fetched fetched = partitionState.backlog.peek();
        if (fetched.decoded == null) {
          fetched.decoded = decoder.decode(fetched.record);
        }
        if (fetched.decoded instanceof Decoded.Unavailable unavailable) {
          log.warn("cannot decode {}-{}@{} yet ({}); trying again in {} s", fetched.record.topic(),
              fetched.record.partition(), fetched.record.offset(), unavailable.reason(),
              TRANSIENT_FAILURE_PAUSE.toSeconds());
          fetched.decoded = null;
          partitionState.retryAt = now + TRANSIENT_FAILURE_PAUSE.toNanos();
          break;
        }
        if (!dispatcher.dispatch(partitionState.work, fetched.record, fetched.decoded)) {
          break;
        }
        partitionState.backlog.poll();
      }
    }
    boolean pause = !partitionState.backlog.isEmpty();
    if (pause != partitionState.paused) {
      if (pause) {
        consumer.pause(Set.of(partitionState.partition));
      } else {
        consumer.resume(Set.of(partitionState.partition));
      }
      partitionState.paused = pause;
    }
  }

  /**
   * Lets {@code partitions} go: their fetched records are dropped, their queued work is not
   * started, work under way gets until {@code timeout} to finish, and the finished prefix is
   * committed.
   */
  private void finish(Collection<TopicPartition> partitions, Duration timeout) {
    List<Assigned> leaving = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      Assigned partitionState = assigned.get(partition);
      if (partitionState != null) {
        partitionState.backlog.clear();
        partitionState.work.revoke();
        leaving.add(partitionState);
      }
    }
    if (leaving.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TopicPartition> unfinished = new ArrayList<>();
    try {
      for (Assigned partitionState : leaving) {
        if (!partitionState.work.awaitIdle(deadline)) {
          unfinished.add(partitionState.partition);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!unfinished.isEmpty()) {
      log.warn("deliveries for {} still under way after {} s; they stay uncommitted", unfinished,
          timeout.toSeconds());
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(leaving);
    leaving.forEach(partitionState -> assigned.remove(partitionState.partition));
    boolean interrupted = Thread.interrupted();
    try {
      commit(offsets);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> committable(Collection<Assigned> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Assigned partitionState : partitions) {
      OptionalLong offset = partitionState.work.committable();
      if (offset.isPresent()) {
        offsets.put(partitionState.partition, new OffsetAndMetadata(offset.getAsLong()));
      }
    }
    return offsets;
  }

  /**
   * Commits finished work without waiting, so the poll loop keeps dispatching; a commit that fails
   * is simply made again with later offsets (what it covered is delivered, and a redelivery is
   * caught by the delivered ids).
   */
  private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    Map<TopicPartition, Assigned> owners = new HashMap<>();
    offsets.keySet().forEach(partition -> owners.put(partition, assigned.get(partition)));
    consumer.commitAsync(offsets, (committed, error) -> {
      if (error != null) {
        log.debug("asynchronous commit of {} failed ({}); the next one covers it", offsets.keySet(), error.toString());
        return;
      }
      committed.forEach((partition, offset) -> {
        Assigned partitionState = assigned.get(partition);
        // Only the assignment the commit was made for; a partition revoked meanwhile starts afresh.
        if (partitionState != null && partitionState == owners.get(partition)) {
          partitionState.work.committed(offset.offset());
        }
      });
    });
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(offsets);
        offsets.forEach((partition, offset) -> {
          Assigned partitionState = assigned.get(partition);
          if (partitionState != null) {
            partitionState.work.committed(offset.offset());
          }
        });
        return;
      } catch (WakeupException e) {
        // close() raced with the commit; the work is done and acknowledged, so commit it anyway.
        if (attempt > 1) {
          throw e;
        }
      } catch (CommitFailedException | RebalanceInProgressException e) {
        log.warn("could not commit offsets ({}); will try again, or the new owner delivers them again",
            e.getMessage());
        return;
      }
    }
  }

  /** Reacts to the group moving partitions: see {@link #finish(Collection, Duration)}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Duration revokeTimeout;
    private final Consumer<List<TopicPartition>> onAssigned;

    Rebalance(Duration revokeTimeout, Consumer<List<TopicPartition>> onAssigned) {
      this.revokeTimeout = revokeTimeout;
      this.onAssigned = onAssigned;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        log.info("partitions {} revoked; finishing their deliveries under way", partitions);
        finish(partitions, revokeTimeout);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Already someone else's: nothing may be committed; queued work is dropped.
      for (TopicPartition partition : partitions) {
        Assigned partitionState = assigned.remove(partition);
        if (partitionState != null) {
          partitionState.work.revoke();
        }
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      List<TopicPartition> fresh = partitions.stream().filter(p -> !assigned.containsKey(p)).toList();
      fresh.forEach(partition -> assigned.put(partition, new Assigned(partition)));
      if (!fresh.isEmpty()) {
        onAssigned.accept(fresh);
      }
    }
  }

  /** The consumer thread's state of one assigned partition. */
  private static final class Assigned {
    private final TopicPartition partition;
    private final PartitionWork work = new PartitionWork();
    /** Fetched, not yet handed to lanes; the partition is paused while this is not empty. */
    private final ArrayDeque<Fetched> backlog = new ArrayDeque<>();
    private boolean paused;
    /** {@link System#nanoTime()} before which decoding is not tried again, or 0. */
    private long retryAt;

    Assigned(TopicPartition partition) {
      this.partition = partition;
    }
  }

  /** A fetched record and, once tried, what it decoded to. */
  private static final class Fetched {
    private final ConsumerRecord<byte[], byte[]> record;
    private Decoded decoded;

    Fetched(ConsumerRecord<byte[], byte[]> record) {
      this.record = record;
    }
  }
}
