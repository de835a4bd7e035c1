package dev.tocsin.ingest.testing;

import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.publish.AlertPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;

/** An {@link AlertPublisher} in memory that acknowledges, holds or fails publishes as a test tells it to. */
public final class InMemoryAlertPublisher implements AlertPublisher {
  /** What happens to the next publishes. */
  public enum Mode {
    /** Acknowledge at once. */
    ACK,
    /** Keep the future pending until the test completes it. */
    HOLD,
    /** Fail as a producer does when the cluster is unreachable. */
    FAIL
  }

  private final List<Alert> published = new CopyOnWriteArrayList<>();
  private final BlockingQueue<CompletableFuture<Void>> held = new LinkedBlockingQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Mode mode = Mode.ACK;
  private volatile boolean ready = true;

  @Override
  public CompletableFuture<Void> publish(List<Alert> alerts) {
    calls.incrementAndGet();
    List<Alert> copy = new ArrayList<>(alerts);
    return switch (mode) {
      case ACK -> {
        published.addAll(copy);
        yield CompletableFuture.completedFuture(null);
      }
      case HOLD -> {
        CompletableFuture<Void> future = new CompletableFuture<>();
        future.thenRun(() -> published.addAll(copy));
        held.add(future);
        yield future;
      }
      case FAIL -> CompletableFuture.failedFuture(
          new TimeoutException("Topic tocsin.alerts.v1 not present in metadata after 2000 ms."));
    };
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public void ready(boolean ready) {
    this.ready = ready;
  }

  /** Alerts whose publish was acknowledged. */
  public List<Alert> published() {
    return List.copyOf(published);
  }

  /** How many times {@link #publish} was called. */
  public int calls() {
    return calls.get();
  }

  /** Futures handed out in {@link Mode#HOLD}, oldest first. */
  public BlockingQueue<CompletableFuture<Void>> held() {
    return held;
  }

  /** Forgets everything and goes back to acknowledging. */
  public void reset() {
    published.clear();
    held.forEach(future -> future.complete(null));
    held.clear();
    calls.set(0);
    mode = Mode.ACK;
    ready = true;
  }
}
