package dev.tocsin.incidents.topology;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEngineState;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Silence;
import dev.tocsin.incidents.config.EngineConfig;
import dev.tocsin.incidents.config.InhibitRule;
import dev.tocsin.incidents.config.RouteMatch;
import dev.tocsin.incidents.domain.IncidentLifecycle;
import dev.tocsin.incidents.domain.IncidentState;
import dev.tocsin.incidents.domain.Muting;
import dev.tocsin.incidents.domain.NotificationPolicy;
import dev.tocsin.incidents.domain.Page;
import dev.tocsin.incidents.domain.Step;
import dev.tocsin.incidents.domain.TimelineEntry;
import dev.tocsin.incidents.domain.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one stateful step, keyed by group: applies alerts, commands and delivery results
 * to the group's latest incident through the lifecycle and the notification policy, and emits the
 * new snapshot, the timeline events, the notifications and any new silence, all keyed by incident
 * id. Each group has at most one timer entry, under its earliest due time (group wait, batched
 * update, escalation, reminder, repeat, quiet period); a wall-clock punctuator fires due ones, so
 * timers survive restarts and rebalances.
 */
final class EngineProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(EngineProcessor.class);
  private static final Duration TIMER_SCAN_INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMER_RETRY = Duration.ofMinutes(1);
  private static final Duration SILENCE_SWEEP_INTERVAL = Duration.ofMinutes(10);
  /** The exactly-once default of {@code commit.interval.ms}, when it is not set. */
  private static final long EXACTLY_ONCE_COMMIT_INTERVAL_MS = 100;
  /** How many of a group's earlier incidents still take late delivery results. */
  static final int EARLIER_PER_GROUP = 8;

  private final EngineConfig config;
  private final IncidentLifecycle lifecycle;
  private final NotificationPolicy policy;
  private final EngineMetrics metrics;
  private final PromptCommits commits = new PromptCommits();
  private ProcessorContext<String, SpecificRecord> context;
  private GroupIncidents groups;
  private PendingSnapshots snapshots;
  private KeyValueStore<String, IncidentEngineState> earlier;
  private KeyValueStore<String, String> timers;
  private final Deserializer<Incident> incidentDeserializer;
  private IncidentIndex index;
  private ReadOnlyKeyValueStore<String, Silence> silences;
  private Muting muting;

  EngineProcessor(EngineConfig config, EngineMetrics metrics, Deserializer<Incident> incidentDeserializer) {
    this.config = config;
    this.incidentDeserializer = incidentDeserializer;
    this.metrics = metrics;
    this.lifecycle = new IncidentLifecycle(config.severity(), config.quietPeriod());
    this.policy = new NotificationPolicy(config);
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.groups = new GroupIncidents(context.getStateStore(IncidentTopology.INCIDENT_STORE),
        context.getStateStore(IncidentTopology.INCIDENT_ALERT_STORE));
    this.snapshots = new PendingSnapshots(context.getStateStore(IncidentTopology.PENDING_SNAPSHOT_STORE));
    this.earlier = context.getStateStore(IncidentTopology.EARLIER_INCIDENT_STORE);
    this.timers = context.getStateStore(IncidentTopology.TIMER_STORE);
    this.index = new IncidentIndex(context.getStateStore(IncidentTopology.INCIDENT_INDEX_STORE), incidentDeserializer);
    this.silences = context.getStateStore(IncidentTopology.SILENCE_STORE);
    this.muting = new Muting(this::knownSilences, config.inhibitRules(), this::inhibitSources);
    context.schedule(TIMER_SCAN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    context.schedule(SILENCE_SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::forgetEndedSilences);
    // Due snapshots go out once per commit interval: an incident changed by many alerts in that
    // time publishes one snapshot, at most one commit interval late.
    context.schedule(snapshotInterval(context), PunctuationType.WALL_CLOCK_TIME, this::publishSnapshots);
  }

  static Duration snapshotInterval(ProcessorContext<?, ?> context) {
    Object configured = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    long ms = configured == null ? EXACTLY_ONCE_COMMIT_INTERVAL_MS : Long.parseLong(configured.toString());
    return Duration.ofMillis(Math.max(1, ms));
  }

  @Override
  public void close() {
    groups.clearCache();
  }

  /**
   * Publishes the snapshot of every incident that changed since the last call: the group's latest
   * incident as it is now, or a replaced one as the group's earlier incidents keep it.
   */
  private void publishSnapshots(long nowMs) {
    if (snapshots.isEmpty()) {
      return;
    }
    snapshots.drain(nowMs).forEach((incidentId, groupKey) -> {
      GroupIncidents.Entry latest = groups.get(groupKey);
      Incident snapshot;
      if (latest != null && latest.state().id().equals(incidentId)) {
        snapshot = AvroMapping.snapshot(latest.state());
      } else {
        IncidentEngineState replaced = earlier.get(earlierKey(groupKey, incidentId));
        if (replaced == null) {
          LOG.warn("snapshot of {} was due but group {} no longer keeps it", incidentId, groupKey);
          return;
        }
        snapshot = AvroMapping.snapshot(AvroMapping.state(replaced));
      }
      context.forward(new Record<String, SpecificRecord>(incidentId, snapshot, nowMs));
    });
  }

  private static String earlierKey(String groupKey, String incidentId) {
    return groupKey + '\u0000' + incidentId;
  }

  /**
   * Tombstones silences that ended a while ago, so the compacted silences topic and the global
   * store scanned on each notification decision do not grow forever. Every task may send the same
   * tombstone; compaction keeps one.
   */
  private void forgetEndedSilences(long nowMs) {
    Instant horizon = Instant.ofEpochMilli(nowMs).minus(SILENCE_SWEEP_INTERVAL);
    List<String> ended = new ArrayList<>();
    try (KeyValueIterator<String, Silence> it = silences.all()) {
      while (it.hasNext()) {
        KeyValue<String, Silence> entry = it.next();
        if (entry.value != null && entry.value.getEndsAt().isBefore(horizon)) {
          ended.add(entry.key);
        }
      }
    }
    for (String id : ended) {
      context.forward(new Record<String, SpecificRecord>(id, null, nowMs));
    }
    if (!ended.isEmpty()) {
      LOG.info("forgot {} silence(s) that ended before {}", ended.size(), horizon);
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    commits.processing(context, !(record.value() instanceof DeliveryResult));
    String groupKey = record.key();
    SpecificRecord value = record.value();
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    GroupIncidents.Entry stored = groups.get(groupKey);
    IncidentState latest = stored == null ? null : stored.state();
    Transition transition;
    if (value instanceof Alert alert) {
      if (latest != null) {
        // A quiet period that ran out before the timer scan got to it ends first, so a late flap
        // opens a new incident instead of reopening one that is over.
        Transition quiet = lifecycle.quietPeriodElapsed(latest, now);
        if (quiet instanceof Transition.Applied applied) {
          emit(groupKey, stored, policy.after(applied, muting, now), true, now);
          stored = groups.get(groupKey);
          latest = stored.state();
        }
      }
      Optional<RouteMatch> match = routeOf(record, alert, groupKey);
      String routeId;
      Map<String, String> groupLabels;
      if (match.isPresent()) {
        routeId = match.get().route().id();
        groupLabels = match.get().groupLabels();
      } else {
        // The routes changed while the alert waited in the repartition topic: it still counts, in
        // the group it was keyed to, rather than being dropped.
        LOG.warn("alert {} no longer routes to group {} under this configuration; applied there anyway",
            alert.getFingerprint(), groupKey);
        routeId = latest != null ? latest.routeId() : config.routes().root().id();
        groupLabels = latest != null ? latest.groupLabels()
            : config.routes().root().groupBy().groupLabels(alert.getLabels());
      }
      transition = lifecycle.apply(latest, groupKey, routeId, groupLabels,
          AvroMapping.observation(alert, config.severity()), now);
    } else if (value instanceof IncidentCommand command) {
      transition = command(latest, groupKey, command, now);
    } else if (value instanceof DeliveryResult result) {
      if (latest != null && !latest.id().equals(result.getIncidentId())) {
        deliveredToEarlier(groupKey, result, now);
        return;
      }
      if (latest == null) {
        LOG.warn("delivery result {} for {}: its group {} has no incident here", result.getNotificationId(),
            result.getIncidentId(), groupKey);
        return;
      }
      transition = lifecycle.delivered(latest, AvroMapping.delivery(result), now);
    } else {
      return;
    }
    if (transition instanceof Transition.NoOp noOp) {
      LOG.debug("group {}: {}", groupKey, noOp.reason());
      return;
    }
    Transition.Applied applied = (Transition.Applied) transition;
    if (latest != null && !latest.id().equals(applied.incident().id())) {
      keepEarlier(groupKey, stored);
    }
    if (applied instanceof Transition.Silenced silenced) {
      context.forward(new Record<String, SpecificRecord>(silenced.silence().id(),
          AvroMapping.silence(silenced.silence()), now.toEpochMilli()));
    }
    // A delivery's outcome is a timeline fact: the snapshot is not published again for it.
    emit(groupKey, stored, policy.after(applied, muting, now), applied.kind() != Transition.Kind.RECORDED, now);
  }

  /**
   * The route that keyed the alert to this group: the one its header names (matched before the
   * repartition), or, for an alert without one or whose route changed since, matched again.
   */
  private Optional<RouteMatch> routeOf(Record<String, SpecificRecord> record, Alert alert, String groupKey) {
    String routeId = RouteAlerts.routeId(record.headers());
    if (routeId != null) {
      Optional<RouteMatch> named = config.routes().route(routeId).map(route -> RouteMatch.of(route, alert.getLabels()))
          .filter(m -> m.groupKey().equals(groupKey));
      if (named.isPresent()) {
        return named;
      }
    }
    return config.routes().match(alert.getLabels()).stream().filter(m -> m.groupKey().equals(groupKey)).findFirst();
  }

  /** Keeps the group's incident that a new one replaces, and forgets the oldest beyond the bound. */
  private void keepEarlier(String groupKey, GroupIncidents.Entry replaced) {
    String prefix = groupKey + '\u0000';
    IncidentState state = replaced.state();
    earlier.put(prefix + state.id(), AvroMapping.stored(state, AvroMapping.incident(state), null));
    List<KeyValue<String, IncidentEngineState>> kept = new ArrayList<>();
    try (KeyValueIterator<String, IncidentEngineState> it = earlier.prefixScan(prefix, new StringSerializer())) {
      it.forEachRemaining(kept::add);
    }
    kept.sort(java.util.Comparator.comparing(kv -> kv.value.getIncident().getOpenedAt()));
    for (int i = 0; i < kept.size() - EARLIER_PER_GROUP; i++) {
      earlier.delete(kept.get(i).key);
    }
  }

  /** A delivery result for one of the group's earlier incidents: recorded on that incident's timeline. */
  private void deliveredToEarlier(String groupKey, DeliveryResult result, Instant now) {
    String key = earlierKey(groupKey, result.getIncidentId());
    IncidentEngineState stored = earlier.get(key);
    if (stored == null) {
      LOG.warn("delivery result {} for {}: older than the {} earlier incidents group {} keeps; not put on a timeline",
          result.getNotificationId(), result.getIncidentId(), EARLIER_PER_GROUP, groupKey);
      return;
    }
    Transition transition = lifecycle.delivered(AvroMapping.state(stored), AvroMapping.delivery(result), now);
    if (transition instanceof Transition.Applied applied) {
      Step step = new Step(applied.incident(), applied.events(), List.of());
      earlier.put(key, AvroMapping.stored(step.incident(), AvroMapping.incident(step.incident()), null));
      publish(groupKey, step, false, now);
    }
  }

  private Transition command(IncidentState latest, String groupKey, IncidentCommand command, Instant now) {
    if (command.getType() == CommandType.CREATE) {
      if (latest != null) {
        return new Transition.NoOp("create " + command.getCommandId() + " already applied");
      }
      Transition created = lifecycle.create(AvroMapping.command(command), groupKey, config.routes().root().id(), now);
      if (created instanceof Transition.NoOp) {
        IncidentEvent rejected = AvroMapping.rejection(command, "title: a new incident needs a title", now);
        context.forward(new Record<String, SpecificRecord>(rejected.getIncidentId(), rejected, now.toEpochMilli()));
        metrics.commandRejected();
      }
      return created;
    }
    if (latest == null || !latest.id().equals(command.getIncidentId())) {
      IncidentEvent rejected = AvroMapping.rejection(command, latest == null ? "unknown incident "
          + command.getIncidentId() : command.getIncidentId() + " is over; its group's incident is now "
          + latest.id(), now);
      context.forward(new Record<String, SpecificRecord>(rejected.getIncidentId(), rejected, now.toEpochMilli()));
      metrics.commandRejected();
      return new Transition.NoOp("command for an older incident");
    }
    return lifecycle.command(latest, AvroMapping.command(command), now);
  }

  /** Fires every group timer due by now: the quiet period first, then the notification timers. */
  private void fireDueTimers(long nowMs) {
    Instant now = Instant.ofEpochMilli(nowMs);
    List<KeyValue<String, String>> due = new ArrayList<>();
    // Timer keys sort by due time, so the range ends at "now".
    try (KeyValueIterator<String, String> it = timers.range(TimerKeys.FIRST, TimerKeys.dueAt(now, "\uffff"))) {
      it.forEachRemaining(due::add);
    }
    for (KeyValue<String, String> timer : due) {
      String groupKey = timer.value;
      GroupIncidents.Entry stored = groups.get(groupKey);
      if (stored == null || stored.timerAt() == null
          || !timer.key.equals(TimerKeys.dueAt(stored.timerAt(), groupKey))) {
        // A stale entry: the group's timer has moved on (its own entry is scanned by itself) or is gone.
        timers.delete(timer.key);
        continue;
      }
      try {
        fire(groupKey, stored, now);
      } catch (RuntimeException e) {
        // One broken group must not stop the scan, nor lose its timer: try it again in a minute.
        LOG.error("timers of group {} failed; retrying in a minute", groupKey, e);
        Instant retry = now.plus(TIMER_RETRY);
        timers.delete(timer.key);
        timers.put(TimerKeys.dueAt(retry, groupKey), groupKey);
        groups.retime(groupKey, retry);
      }
    }
  }

  /** Runs one group's due timers: the quiet period first, then the notification timers. */
  private void fire(String groupKey, GroupIncidents.Entry stored, Instant now) {
    IncidentState state = stored.state();
    List<TimelineEntry> events = new ArrayList<>();
    List<Page> pages = new ArrayList<>();
    Transition quiet = lifecycle.quietPeriodElapsed(state, now);
    if (quiet instanceof Transition.Applied applied) {
      Step step = policy.after(applied, muting, now);
      state = step.incident();
      events.addAll(step.events());
      pages.addAll(step.pages());
    }
    Step step = policy.onTimer(state, muting, now);
    events.addAll(step.events());
    pages.addAll(step.pages());
    // emit() moves the group's timer entry from the due time just passed to the next one.
    emit(groupKey, stored, new Step(step.incident(), events, pages), true, now);
  }

  private void emit(String groupKey, GroupIncidents.Entry previous, Step step, boolean publishSnapshot,
      Instant now) {
    IncidentState state = step.incident();
    Instant nextDue = nextDue(state);
    Instant previousDue = previous == null ? null : previous.timerAt();
    if (previousDue != null && !previousDue.equals(nextDue)) {
      timers.delete(TimerKeys.dueAt(previousDue, groupKey));
    }
    if (nextDue != null && !nextDue.equals(previousDue)) {
      // Unchanged, the entry is there already: no write to the timers' changelog.
      timers.put(TimerKeys.dueAt(nextDue, groupKey), groupKey);
    }
    groups.put(groupKey, state, nextDue);
    publish(groupKey, step, publishSnapshot, now);
    if (LOG.isDebugEnabled() && (!step.events().isEmpty() || !step.pages().isEmpty())) {
      // DEBUG: one line per change would be one per alert in a storm; the timeline and metrics tell it.
      LOG.debug("incident {} ({}): {} {}, {} alert(s) firing, {} notification(s){}", state.id(), groupKey,
          state.status(), step.events().isEmpty() ? "timer" : step.events().get(step.events().size() - 1).type(),
          state.firingCount(), step.pages().size(), state.suppressedBy() == null ? "" : ", " + state.suppressedBy());
    }
  }

  /**
   * Forwards an incident's timeline events and its notifications, and notes its snapshot as due
   * (when {@code publishSnapshot}; {@link #publishSnapshots} sends it).
   */
  private void publish(String groupKey, Step step, boolean publishSnapshot, Instant now) {
    IncidentState state = step.incident();
    long timestamp = now.toEpochMilli();
    if (publishSnapshot) {
      snapshots.add(state.id(), groupKey, alertsOnly(step), timestamp);
    }
    // The notifications carry the incident as it is now; built only when there are some.
    Incident snapshot = step.pages().isEmpty() ? null : AvroMapping.incident(state);
    Map<Long, IncidentEvent> bySequence = new HashMap<>();
    for (TimelineEntry entry : step.events()) {
      IncidentEvent event = AvroMapping.event(state, entry);
      bySequence.put(entry.sequence(), event);
      context.forward(new Record<String, SpecificRecord>(state.id(), event, timestamp));
    }
    for (Page page : step.pages()) {
      IncidentEvent event = bySequence.computeIfAbsent(page.entry().sequence(),
          seq -> AvroMapping.event(state, page.entry()));
      context.forward(new Record<String, SpecificRecord>(state.id(),
          AvroMapping.notification(snapshot, event, page.receiver(), now), timestamp));
    }
    report(state, step);
  }

  /**
   * True when the step changed the incident's alerts and nothing else a reader of the snapshot
   * waits for: its snapshot may settle (see {@link PendingSnapshots}).
   */
  private static boolean alertsOnly(Step step) {
    if (!step.pages().isEmpty()) {
      return false;
    }
    for (TimelineEntry entry : step.events()) {
      if (entry.type() != IncidentEventType.ALERT_ADDED && entry.type() != IncidentEventType.ALERT_RESOLVED) {
        return false;
      }
    }
    return true;
  }

  private void report(IncidentState state, Step step) {
    for (TimelineEntry entry : step.events()) {
      switch (entry.type()) {
        case OPENED -> {
          metrics.opened(state.severity());
          state.alerts().values().stream().map(a -> a.startsAt()).min(java.util.Comparator.naturalOrder())
              .filter(start -> !start.isAfter(state.openedAt()))
              .ifPresent(start -> metrics.detected(state.severity(), Duration.between(start, state.openedAt())));
        }
        case MARKED_FALSE_POSITIVE -> metrics.falsePositive(state.severity());
        case ACKNOWLEDGED -> metrics.acknowledged(state.severity(), Duration.between(state.openedAt(),
            entry.occurredAt()));
        case RESOLVED -> metrics.resolved(state.severity(), Duration.between(state.openedAt(), entry.occurredAt()));
        case ESCALATED -> metrics.escalated(state.severity());
        case SILENCED, INHIBITED -> {
          if (entry.actor().equals(dev.tocsin.incidents.domain.Person.ENGINE)) {
            metrics.suppressed(entry.type());
          }
        }
        case COMMAND_REJECTED -> metrics.commandRejected();
        default -> {
        }
      }
    }
    Map<dev.tocsin.avro.IncidentEventType, Integer> requested = new java.util.EnumMap<>(
        dev.tocsin.avro.IncidentEventType.class);
    step.pages().forEach(page -> requested.merge(page.entry().type(), 1, Integer::sum));
    requested.forEach(metrics::notificationsRequested);
  }

  private static Instant nextDue(IncidentState state) {
    Instant due = state.schedule().next().orElse(null);
    Instant quiet = state.monitoring() ? state.quietUntil() : null;
    if (quiet != null && (due == null || quiet.isBefore(due))) {
      return quiet;
    }
    return due;
  }

  private List<dev.tocsin.incidents.config.Silence> knownSilences() {
    List<dev.tocsin.incidents.config.Silence> all = new ArrayList<>(config.silences());
    try (KeyValueIterator<String, Silence> it = silences.all()) {
      while (it.hasNext()) {
        Silence s = it.next().value;
        try {
          all.add(AvroMapping.silence(s));
        } catch (RuntimeException e) {
          // One bad silence must not stop every incident's notifications.
          LOG.warn("silence {} cannot be used and is ignored: {}", s.getId(), e.toString());
        }
      }
    }
    return all;
  }

  /** Firing alerts of open incidents that match some inhibit rule's source side. */
  private List<Muting.Source> inhibitSources() {
    List<InhibitRule> rules = config.inhibitRules();
    List<Muting.Source> sources = new ArrayList<>();
    index.forEach(incident -> {
      if (incident.getStatus() == dev.tocsin.avro.IncidentStatus.RESOLVED) {
        return;
      }
      for (IncidentAlert alert : incident.getAlerts()) {
        if (alert.getStatus() == dev.tocsin.avro.AlertStatus.FIRING
            && rules.stream().anyMatch(rule -> rule.sourceMatchers().matches(alert.getLabels()))) {
          sources.add(new Muting.Source(incident.getId(), alert.getLabels()));
        }
      }
    });
    return sources;
  }
}
