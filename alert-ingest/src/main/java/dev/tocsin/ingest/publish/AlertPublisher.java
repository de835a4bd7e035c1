package dev.tocsin.ingest.publish;

import dev.tocsin.avro.Alert;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes alerts durably; implementations must be thread-safe and must not block the caller on I/O. */
public interface AlertPublisher extends AutoCloseable {

  /**
   * Publishes {@code alerts}; the future completes normally only once every one of them is durably
   * stored, and exceptionally as soon as any of them cannot be.
   */
  CompletableFuture<Void> publish(List<Alert> alerts);

  /** Whether the publisher can currently be expected to accept alerts (readiness probe). */
  default boolean isReady() {
    return true;
  }

  /** Releases resources after completing or failing what is in flight. */
  @Override
  default void close() {
  }
}
