package dev.tocsin.notifier.support;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.serde.AvroDeserializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds realistic notifications for tests. */
public final class SampleNotifications {
  public static final Instant OPENED_AT = Instant.parse("2025-03-04T10:15:30Z");
  public static final Instant OCCURRED_AT = Instant.parse("2025-03-04T10:15:31Z");
  public static final Instant REQUESTED_AT = Instant.parse("2025-03-04T10:15:32Z");

  static {
    // Avro 1.12 refuses to copy enums of untrusted classes in builders; the schemas module's
    // deserializer registers dev.tocsin.avro as trusted when it loads, as it does in the service.
    AvroDeserializer.generic();
  }

  private SampleNotifications() {
  }

  /** An OPENED notification for incident {@code incidentId} with two alerts. */
  public static Notification opened(String notificationId, String incidentId) {
    IncidentAlert alert = IncidentAlert.newBuilder()
        .setFingerprint("0123456789abcdef")
        .setStatus(AlertStatus.FIRING)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", "checkout"))
        .setStartsAt(OPENED_AT)
        .setSeverity(Severity.P1)
        .build();
    IncidentAlert second = IncidentAlert.newBuilder(alert).setFingerprint("fedcba9876543210").build();
    Incident incident = Incident.newBuilder()
        .setId(incidentId)
        .setGroupKey("{}:{alertname=\"HighErrorRate\"}")
        .setGroupLabels(Map.of("service", "checkout", "alertname", "HighErrorRate"))
        .setTitle("HighErrorRate on checkout")
        .setSeverity(Severity.P1)
        .setStatus(IncidentStatus.TRIGGERED)
        .setPublicStatus(PublicStatus.INVESTIGATING)
        .setOpenedAt(OPENED_AT)
        .setUpdatedAt(OCCURRED_AT)
        .setAlerts(List.of(alert, second))
        .setEventSeq(1)
        .build();
    IncidentEvent event = IncidentEvent.newBuilder()
        .setEventId(incidentId + ":1")
        .setIncidentId(incidentId)
        .setSequence(1)
        .setType(IncidentEventType.OPENED)
        .setOccurredAt(OCCURRED_AT)
        .setActor(Actor.newBuilder().build())
        .setMessage("Error rate above 5% for 10 minutes")
        .setSeverity(Severity.P1)
        .setStatus(IncidentStatus.TRIGGERED)
        .setPublicStatus(PublicStatus.INVESTIGATING)
        .setReceiver("sre-oncall")
        .build();
    return Notification.newBuilder()
        .setNotificationId(notificationId)
        .setReceiver("sre-oncall")
        .setEvent(event)
        .setIncident(incident)
        .setRequestedAt(REQUESTED_AT)
        .build();
  }
}
