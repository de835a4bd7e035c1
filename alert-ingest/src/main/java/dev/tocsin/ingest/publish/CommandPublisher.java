package dev.tocsin.ingest.publish;

import dev.tocsin.avro.IncidentCommand;
import java.util.concurrent.CompletableFuture;

/** Writes incident commands durably; implementations are thread-safe and do not block the caller on I/O. */
public interface CommandPublisher extends AutoCloseable {

  /** Publishes {@code command}; the future completes normally only once it is durably stored. */
  CompletableFuture<Void> publish(IncidentCommand command);

  /** Releases resources after completing or failing what is in flight. */
  @Override
  default void close() {
  }
}
