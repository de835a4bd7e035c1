package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.incidents.domain.Grouping;
import dev.tocsin.incidents.domain.IncidentLifecycle;
import dev.tocsin.incidents.domain.IncidentState;
import dev.tocsin.incidents.domain.TimelineEntry;
import dev.tocsin.incidents.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
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
 * Applies deduplicated alerts, keyed by group, to their group's incident and emits the new
 * snapshot, the timeline events and the notifications the transition asks for, all keyed by
 * incident id. Quiet-period deadlines live in a timer store keyed by due time, scanned by a
 * wall-clock punctuator, so they survive restarts and rebalances.
 */
final class IncidentProcessor implements Processor<String, Alert, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentProcessor.class);
  private static final Duration TIMER_SCAN_INTERVAL = Duration.ofSeconds(1);

  private final Grouping grouping;
  private final IncidentLifecycle lifecycle;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, Incident> incidentsByGroup;
  private KeyValueStore<String, String> timers;

  IncidentProcessor(Grouping grouping, IncidentLifecycle lifecycle) {
    this.grouping = grouping;
    this.lifecycle = lifecycle;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.incidentsByGroup = context.getStateStore(IncidentTopology.INCIDENT_STORE);
    this.timers = context.getStateStore(IncidentTopology.TIMER_STORE);
    context.schedule(TIMER_SCAN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
  }

  /** Resolves every monitoring incident whose quiet period is over. */
  private void fireDueTimers(long nowMs) {
    Instant now = Instant.ofEpochMilli(nowMs);
    List<KeyValue<String, String>> due = new ArrayList<>();
    // Timer keys sort by due time, so the range ends at "now".
    try (KeyValueIterator<String, String> it = timers.range(TimerKeys.FIRST, TimerKeys.dueAt(now, "\uffff"))) {
      it.forEachRemaining(due::add);
    }
    for (KeyValue<String, String> timer : due) {
      timers.delete(timer.key);
      String groupKey = timer.value;
      Incident latest = incidentsByGroup.get(groupKey);
      if (latest == null) {
        continue;
      }
      Transition transition = lifecycle.quietPeriodElapsed(AvroMapping.state(latest), now);
      if (transition instanceof Transition.Resolved t) {
        emit(groupKey, t.incident(), t.events(), true, now);
      }
    }
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
    } else if (transition instanceof Transition.Monitoring t) {
      timers.put(TimerKeys.dueAt(t.incident().quietUntil(), groupKey), groupKey);
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
