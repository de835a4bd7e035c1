package dev.tocsin.incidents.topology;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.incidents.domain.CommandAdmission;
import dev.tocsin.incidents.domain.NewSilence;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-keys commands and delivery results, which name an incident id, by the incident's group, so
 * they meet the incident's state: a result carries its group key, a command's incident id is looked
 * up in the global incident index (as is a result's from a notifier that did not fill the key). A CREATE gets a
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
    commits.processing(context, !(record.value() instanceof DeliveryResult));
    SpecificRecord value = record.value();
    if (value instanceof IncidentCommand command) {
      route(record, command);
    } else if (value instanceof DeliveryResult result) {
      if (result.getGroupKey() != null) {
        // The notifier copied it from the notification: no lookup, and no race with the snapshot,
        // which reaches the index up to a commit interval after the notification went out.
        context.forward(record.withKey(result.getGroupKey()));
        return;
      }
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
    CommandAdmission.Decision decision = CommandAdmission.admit(AvroMapping.command(command), now);
    if (decision instanceof CommandAdmission.ToIncident toIncident && command.getGroupKey() != null) {
      // The sender read it off the incidents topic, which this instance's index may not have caught up with.
      context.forward(record.withKey(command.getGroupKey()));
      return;
    }
    if (decision instanceof CommandAdmission.ToIncident toIncident) {
      Incident incident = lookup(toIncident.incidentId());
      if (incident == null) {
        decision = CommandAdmission.unknownIncident(toIncident.incidentId());
      } else {
        context.forward(record.withKey(incident.getGroupKey()));
        return;
      }
    }
    if (decision instanceof CommandAdmission.ToNewGroup toNewGroup) {
      context.forward(record.withKey(toNewGroup.groupKey()));
    } else if (decision instanceof CommandAdmission.Silence silence) {
      NewSilence created = silence.silence();
      LOG.info("silence {} created by {} until {}: {}", created.id(), created.createdBy().id(), created.endsAt(),
          created.matchers());
      context.forward(new Record<String, SpecificRecord>(created.id(), AvroMapping.silence(created),
          record.timestamp()));
    } else {
      reject(record, command, ((CommandAdmission.Refused) decision).reason(), now);
    }
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
