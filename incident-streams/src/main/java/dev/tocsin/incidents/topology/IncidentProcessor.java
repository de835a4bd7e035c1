package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.incidents.domain.Grouping;
import dev.tocsin.incidents.domain.IncidentLifecycle;
import dev.tocsin.incidents.domain.IncidentState;
import dev.tocsin.incidents.domain.TimelineEntry;
import dev.tocsin.incidents.domain.Transition;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies deduplicated alerts, keyed by group, to their group's incident and emits the new
 * snapshot, the timeline events and the notifications the transition asks for, all keyed by
 * incident id.
 */
final class IncidentProcessor implements Processor<String, Alert, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentProcessor.class);

  private final Grouping grouping;
  private final IncidentLifecycle lifecycle;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, Incident> incidentsByGroup;

  IncidentProcessor(Grouping grouping, IncidentLifecycle lifecycle) {
    this.grouping = grouping;
    this.lifecycle = lifecycle;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.incidentsByGroup = context.getStateStore(IncidentTopology.INCIDENT_STORE);
  }

  @Override
  public void process(Record<String, Alert> record) {
    Alert alert = record.value();
    String groupKey = record.key();
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    Incident latest = incidentsByGroup.get(groupKey);
    Transition transition = lifecycle.apply(latest == null ? null : AvroMapping.state(latest), groupKey,
        grouping.groupLabels(alert.getLabels()), AvroMapping.observation(alert), now);
    // Java 17 has no pattern matching for switch; the sealed hierarchy keeps this chain complete.
    if (transition instanceof Transition.NoOp noOp) {
      LOG.debug("group {}: {}", groupKey, noOp.reason());
    } else if (transition instanceof Transition.Opened t) {
      emit(groupKey, t.incident(), t.events(), true, now);
    } else if (transition instanceof Transition.Resolved t) {
      emit(groupKey, t.incident(), t.events(), true, now);
    } else if (transition instanceof Transition.AlertAttached t) {
      emit(groupKey, t.incident(), t.events(), false, now);
    } else if (transition instanceof Transition.AlertResolved t) {
      emit(groupKey, t.incident(), t.events(), false, now);
    } else if (transition instanceof Transition.AlertRefreshed t) {
      emit(groupKey, t.incident(), t.events(), false, now);
    }
  }

  private void emit(String groupKey, IncidentState state, List<TimelineEntry> entries, boolean notify, Instant now) {
    Incident snapshot = AvroMapping.incident(state);
    incidentsByGroup.put(groupKey, snapshot);
    long timestamp = now.toEpochMilli();
    context.forward(new Record<String, SpecificRecord>(state.id(), snapshot, timestamp));
    IncidentEvent last = null;
    for (TimelineEntry entry : entries) {
      last = AvroMapping.event(state, entry);
      context.forward(new Record<String, SpecificRecord>(state.id(), last, timestamp));
    }
    if (notify && last != null) {
      for (String receiver : state.receivers()) {
        context.forward(new Record<String, SpecificRecord>(state.id(),
            AvroMapping.notification(snapshot, last, receiver, now), timestamp));
      }
    }
    LOG.info("incident {} ({}): {} {} alert(s) firing, {}", state.id(), groupKey, state.status(), state.firingCount(),
        entries.isEmpty() ? "snapshot updated" : entries.get(entries.size() - 1).type());
  }
}
