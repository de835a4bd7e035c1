package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.incidents.domain.Dedup;
import dev.tocsin.incidents.domain.DedupVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops repeats of a known alert state; keyed by fingerprint, remembers the last state passed on.
 * A remembered state expires {@code retention} after it was received, so the store cannot grow
 * forever; an expired alert that is sent again simply passes on once more.
 */
final class DedupProcessor implements Processor<String, Alert, String, Alert> {
  private static final Logger LOG = LoggerFactory.getLogger(DedupProcessor.class);

  private final Duration retention;
  private final PromptCommits commits = new PromptCommits();
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, Alert> lastSeen;

  DedupProcessor(Duration retention) {
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.lastSeen = context.getStateStore(IncidentTopology.DEDUP_STORE);
    Duration scan = retention.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0 ? retention.dividedBy(10)
        : Duration.ofMinutes(1);
    context.schedule(scan.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : scan,
        PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  @Override
  public void process(Record<String, Alert> record) {
    commits.processing(context, true);
    Alert alert = record.value();
    if (alert == null) {
      return;
    }
    Alert previous = lastSeen.get(alert.getFingerprint());
    DedupVerdict verdict = Dedup.decide(previous == null ? null : AvroMapping.observation(previous),
        AvroMapping.observation(alert));
    if (!verdict.passes()) {
      LOG.debug("alert {} {}: dropped", alert.getFingerprint(), verdict);
      return;
    }
    lastSeen.put(alert.getFingerprint(), alert);
    context.forward(record);
  }

  /** Forgets alert states received longer ago than the retention. */
  private void expire(long nowMs) {
    Instant horizon = Instant.ofEpochMilli(nowMs).minus(retention);
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Alert> it = lastSeen.all()) {
      while (it.hasNext()) {
        KeyValue<String, Alert> entry = it.next();
        if (entry.value.getReceivedAt().isBefore(horizon)) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(lastSeen::delete);
    if (!expired.isEmpty()) {
      LOG.debug("forgot {} alert state(s) received before {}", expired.size(), horizon);
    }
  }
}
