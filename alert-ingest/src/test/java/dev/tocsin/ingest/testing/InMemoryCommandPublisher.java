package dev.tocsin.ingest.testing;

import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.ingest.publish.CommandPublisher;
import dev.tocsin.ingest.publish.PublishException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records commands instead of publishing them; can be told to fail like an unreachable Kafka. */
public final class InMemoryCommandPublisher implements CommandPublisher {
  private final List<IncidentCommand> published = new CopyOnWriteArrayList<>();
  private volatile boolean failing;
  private volatile boolean hanging;

  @Override
  public CompletableFuture<Void> publish(IncidentCommand command) {
    if (hanging) {
      return new CompletableFuture<>();
    }
    if (failing) {
      return CompletableFuture.failedFuture(new PublishException("Topic tocsin.incident-commands.v1 not present"));
    }
    published.add(command);
    return CompletableFuture.completedFuture(null);
  }

  public List<IncidentCommand> published() {
    return List.copyOf(published);
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Never completes a publish, like a Kafka that neither acknowledges nor fails. */
  public void hanging(boolean hanging) {
    this.hanging = hanging;
  }

  public void reset() {
    published.clear();
    failing = false;
    hanging = false;
  }
}
