package dev.tocsin.incidents.topology;

import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.incidents.config.Matcher;
import dev.tocsin.incidents.domain.NewSilence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-keys commands and delivery results, which name an incident id, by the incident's group, so
 * they meet the incident's state; looks the id up in the global incident index. A CREATE gets a
 * group of its own; a silence that names no incident is stored directly; a command for an unknown
 * incident becomes a COMMAND_REJECTED event, never a failure.
 */
final class CommandRouter implements Processor<String, SpecificRecord, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRouter.class);

  private final EngineMetrics metrics;
  private ProcessorContext<String, SpecificRecord> context;
  private final Deserializer<Incident> incidentDeserializer;
  private IncidentIndex index;
  private final PromptCommits commits = new PromptCommits();

  CommandRouter(EngineMetrics metrics, Deserializer<Incident> incidentDeserializer) {
    this.metrics = metrics;
    this.incidentDeserializer = incidentDeserializer;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.index = new IncidentIndex(context.getStateStore(IncidentTopology.INCIDENT_INDEX_STORE), incidentDeserializer);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    commits.processing(context);
    SpecificRecord value = record.value();
    if (value instanceof IncidentCommand command) {
      route(record, command);
    } else if (value instanceof DeliveryResult result) {
      Incident incident = lookup(result.getIncidentId());
      if (incident == null) {
        LOG.warn("delivery result {} for unknown incident {}: not put on a timeline", result.getNotificationId(),
            result.getIncidentId());
        return;
      }
      context.forward(record.withKey(incident.getGroupKey()));
    }
  }

  private void route(Record<String, SpecificRecord> record, IncidentCommand command) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    if (command.getType() == CommandType.CREATE) {
      context.forward(record.withKey(IncidentTopology.MANUAL_GROUP_PREFIX + command.getCommandId()));
      return;
    }
    if (command.getIncidentId() == null || command.getIncidentId().isBlank()) {
      if (command.getType() == CommandType.SILENCE) {
        silence(record, command, now);
      } else {
        reject(record, command, "incidentId: is required for " + command.getType(), now);
      }
      return;
    }
    Incident incident = lookup(command.getIncidentId());
    if (incident == null) {
      reject(record, command, "unknown incident " + command.getIncidentId(), now);
      return;
    }
    context.forward(record.withKey(incident.getGroupKey()));
  }

  /** A silence on matchers alone, not tied to an incident. */
  private void silence(Record<String, SpecificRecord> record, IncidentCommand command, Instant now) {
    if (command.getMatchers().isEmpty()) {
      reject(record, command, "matchers: a silence without an incident needs matchers", now);
      return;
    }
    if (command.getUntil() == null || !command.getUntil().isAfter(now)) {
      reject(record, command, "until: a silence needs an end in the future", now);
      return;
    }
    List<String> matchers = new ArrayList<>();
    for (String text : command.getMatchers()) {
      try {
        matchers.add(Matcher.parse(text).toString());
      } catch (IllegalArgumentException e) {
        reject(record, command, "matchers: " + e.getMessage(), now);
        return;
      }
    }
    if (dev.tocsin.incidents.config.Matchers.parse(matchers).matchesEmptyLabelSet()) {
      reject(record, command, "matchers: " + matchers + " match every alert; a silence must match something "
          + "specific", now);
      return;
    }
    NewSilence silence = new NewSilence(command.getCommandId(), matchers, now, command.getUntil(),
        new dev.tocsin.incidents.domain.Person(command.getActor().getKind(), command.getActor().getId(),
            command.getActor().getName()), command.getMessage(), null);
    LOG.info("silence {} created by {} until {}: {}", silence.id(), command.getActor().getId(), silence.endsAt(),
        matchers);
    context.forward(new Record<String, SpecificRecord>(silence.id(), AvroMapping.silence(silence),
        record.timestamp()));
  }

  private void reject(Record<String, SpecificRecord> record, IncidentCommand command, String reason, Instant now) {
    LOG.warn("command {} ({}) rejected: {}", command.getCommandId(), command.getType(), reason);
    metrics.commandRejected();
    var event = AvroMapping.rejection(command, reason, now);
    context.forward(new Record<String, SpecificRecord>(event.getIncidentId(), event, record.timestamp()));
  }

  private Incident lookup(String incidentId) {
    return index.get(incidentId);
  }
}
