package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.incidents.domain.Dedup;
import dev.tocsin.incidents.domain.DedupVerdict;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops repeats of a known alert state; keyed by fingerprint, remembers the last state passed on. */
final class DedupProcessor implements Processor<String, Alert, String, Alert> {
  private static final Logger LOG = LoggerFactory.getLogger(DedupProcessor.class);

  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, Alert> lastSeen;

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.lastSeen = context.getStateStore(IncidentTopology.DEDUP_STORE);
  }

  @Override
  public void process(Record<String, Alert> record) {
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
}
