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
 * One delivery target's lane: a bounded queue worked by a thread of its own, so a target that is
 * slow, down or rate-limited delays only its own notifications. Tasks run one at a time, in the
 * order they were submitted. Submit from one thread; the other methods are thread-safe.
 */
public final class DeliveryLane {
  private final String name;
  private final ArrayBlockingQueue<Runnable> queue;
  private final ThreadPoolExecutor worker;
  private final RateLimiter<Object> rateLimiter;
  private final AtomicInteger depth = new AtomicInteger();

  /**
   * A lane holding up to {@code capacity} waiting tasks.
   *
   * @param name names the worker thread and the lane's metrics; a receiver and integration, never a secret
   * @param rateLimiter paces the lane's delivery attempts, or empty for none
   */
  public DeliveryLane(String name, int capacity, Optional<RateLimiter<Object>> rateLimiter) {
    this.name = Objects.requireNonNull(name, "name");
    this.rateLimiter = rateLimiter.orElse(null);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, task -> {
      Thread thread = new Thread(task, "tocsin-lane-" + name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The lane's name. */
  public String name() {
    return name;
  }

  /** The rate limit the lane's deliveries take their permits from, if it has one. */
  public Optional<RateLimiter<Object>> rateLimiter() {
    return Optional.ofNullable(rateLimiter);
  }

  /** True when {@link #submit(Runnable)} will accept a task; only the submitting thread can make this false. */
  public boolean hasRoom() {
    return queue.remainingCapacity() > 0 && !worker.isShutdown();
  }

  /** Tasks waiting or running. */
  public int depth() {
    return depth.get();
  }

  /**
   * Queues {@code task} behind the lane's earlier tasks.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the lane is full or shut down;
   *     check {@link #hasRoom()} first
   */
  public void submit(Runnable task) {
    Objects.requireNonNull(task, "task");
    depth.incrementAndGet();
    try {
      worker.execute(() -> {
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

  /**
   * Stops the lane: waiting tasks are dropped, and the running one gets {@code grace} to finish
   * before it is interrupted.
   *
   * @return true if the worker stopped within {@code grace} plus a short wait after interrupting it
   */
  public boolean shutdown(Duration grace) throws InterruptedException {
    worker.shutdown();
    List<Runnable> dropped = new ArrayList<>();
    queue.drainTo(dropped);
    depth.addAndGet(-dropped.size());
    if (worker.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    worker.shutdownNow();
    return worker.awaitTermination(1, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "lane " + name;
  }
}
