package dev.tocsin.notifier.delivery;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One delivery target's lane: bounded queues worked by threads of its own, so a target that is
 * slow, down or rate-limited delays only its own notifications. The lane has one or more strands,
 * each a queue and a thread; a task goes to the strand its order key (the incident) picks, so one
 * incident's notifications run one at a time in the order submitted, while several incidents'
 * deliveries are in flight at once. All strands share the lane's rate limit. Submit from one
 * thread; the other methods are thread-safe.
 */
public final class DeliveryLane {
  private final String name;
  private final Strand[] strands;
  private final RateLimiter<Object> rateLimiter;
  private final AtomicInteger depth = new AtomicInteger();

  /** A lane of one strand: every task in submission order. */
  public DeliveryLane(String name, int capacity, Optional<RateLimiter<Object>> rateLimiter) {
    this(name, capacity, 1, rateLimiter);
  }

  /**
   * A lane holding up to {@code capacity} waiting tasks in all, worked by {@code concurrency} strands.
   *
   * @param name names the worker threads and the lane's metrics; a receiver and integration, never a secret
   * @param rateLimiter paces the lane's delivery attempts, or empty for none
   */
  public DeliveryLane(String name, int capacity, int concurrency, Optional<RateLimiter<Object>> rateLimiter) {
    this.name = Objects.requireNonNull(name, "name");
    if (capacity < 1 || concurrency < 1) {
      throw new IllegalArgumentException("a lane needs a capacity and a concurrency of at least 1");
    }
    this.rateLimiter = rateLimiter.orElse(null);
    this.strands = new Strand[concurrency];
    int perStrand = Math.max(1, (capacity + concurrency - 1) / concurrency);
    for (int i = 0; i < concurrency; i++) {
      String thread = "tocsin-lane-" + name + (concurrency == 1 ? "" : "-" + i);
      strands[i] = new Strand(new ArrayBlockingQueue<>(perStrand), thread);
    }
  }

  /** The lane's name. */
  public String name() {
    return name;
  }

  /** The rate limit the lane's deliveries take their permits from, if it has one. */
  public Optional<RateLimiter<Object>> rateLimiter() {
    return Optional.ofNullable(rateLimiter);
  }

  /**
   * True when {@link #submit(String, Runnable)} will accept a task for {@code orderKey}; only the
   * submitting thread can make this false.
   */
  public boolean hasRoom(String orderKey) {
    return strand(orderKey).hasRoom();
  }

  /** Tasks waiting or running. */
  public int depth() {
    return depth.get();
  }

  /**
   * Queues {@code task} behind the earlier tasks of {@code orderKey}.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the strand is full or shut down;
   *     check {@link #hasRoom(String)} first
   */
  public void submit(String orderKey, Runnable task) {
    Objects.requireNonNull(task, "task");
    Strand strand = strand(orderKey);
    depth.incrementAndGet();
    try {
      strand.worker.execute(() -> {
        try {
          task.run();
        } finally {
          depth.decrementAndGet();
        }
      });
    } catch (RuntimeException e) {
      depth.decrementAndGet();
      throw e;
    }
  }

  private Strand strand(String orderKey) {
    return strands[Math.floorMod(Objects.hashCode(orderKey), strands.length)];
  }

  /**
   * Stops the lane: waiting tasks are dropped, and running ones get {@code grace} to finish
   * before they are interrupted.
   *
   * @return true if every worker stopped within {@code grace} plus a short wait after interrupting it
   */
  public boolean shutdown(Duration grace) throws InterruptedException {
    for (Strand strand : strands) {
      strand.worker.shutdown();
      List<Runnable> dropped = new ArrayList<>();
      strand.queue.drainTo(dropped);
      depth.addAndGet(-dropped.size());
    }
    long deadline = System.nanoTime() + grace.toNanos();
    boolean stopped = true;
    for (Strand strand : strands) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!strand.worker.awaitTermination(left, TimeUnit.NANOSECONDS)) {
        strand.worker.shutdownNow();
        stopped &= strand.worker.awaitTermination(1, TimeUnit.SECONDS);
      }
    }
    return stopped;
  }

  @Override
  public String toString() {
    return "lane " + name;
  }

  /** A queue and the one thread that works it. */
  private static final class Strand {
    final ArrayBlockingQueue<Runnable> queue;
    final ThreadPoolExecutor worker;

    Strand(ArrayBlockingQueue<Runnable> queue, String threadName) {
      this.queue = queue;
      this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, task -> {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        return thread;
      });
    }

    boolean hasRoom() {
      return queue.remainingCapacity() > 0 && !worker.isShutdown();
    }
  }
}
