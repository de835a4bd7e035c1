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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds realistic notifications for tests. */
public final class SampleNotifications {
  public static final Instant OPENED_AT = Instant.parse("2025-03-04T10:15:30Z");
  public static final Instant OCCURRED_AT = Instant.parse("2025-03-04T10:15:31Z");
  public static final Instant REQUESTED_AT = Instant.parse("2025-03-04T10:15:32Z");
  public static final Instant RESOLVED_AT = OPENED_AT.plus(Duration.ofMinutes(42));
  public static final String RUNBOOK_URL = "https://runbooks.example.com/checkout/high-error-rate";
  public static final String GENERATOR_URL = "http://prometheus.example.com:9090/graph?g0.expr=job%3Acheckout&g0.tab=1";

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

  /**
   * Event {@code sequence} of type {@code type} on a fuller incident than {@link #opened}: two
   * alerts on two instances of checkout with summaries, a shared runbook and source link, and the
   * incident's state matching the event (acknowledged by jane, or resolved after 42 minutes with
   * its alerts). The notification id is {@code incidentId:sequence:sre-oncall}.
   */
  public static Notification event(String incidentId, long sequence, IncidentEventType type) {
    boolean resolved = type == IncidentEventType.RESOLVED;
    boolean acknowledged = type == IncidentEventType.ACKNOWLEDGED;
    Instant occurredAt = sequence == 1 ? OCCURRED_AT
        : resolved ? RESOLVED_AT : OPENED_AT.plus(Duration.ofMinutes(5 * sequence));
    IncidentStatus status = resolved ? IncidentStatus.RESOLVED
        : acknowledged ? IncidentStatus.ACKNOWLEDGED : IncidentStatus.TRIGGERED;
    PublicStatus publicStatus = resolved ? PublicStatus.RESOLVED
        : acknowledged ? PublicStatus.IDENTIFIED : PublicStatus.INVESTIGATING;
    List<IncidentAlert> alerts = List.of(
        alert("0123456789abcdef", "checkout-1", "Checkout 5xx ratio is 7.2% (threshold 5%)", resolved),
        alert("fedcba9876543210", "checkout-2", "Checkout 5xx ratio is 6.1% (threshold 5%)", resolved));
    Incident incident = Incident.newBuilder()
        .setId(incidentId)
        .setGroupKey("{}:{alertname=\"HighErrorRate\"}")
        .setGroupLabels(Map.of("service", "checkout", "alertname", "HighErrorRate"))
        .setTitle("HighErrorRate on checkout")
        .setSeverity(Severity.P1)
        .setStatus(status)
        .setPublicStatus(publicStatus)
        .setOpenedAt(OPENED_AT)
        .setAcknowledgedAt(acknowledged ? occurredAt : null)
        .setResolvedAt(resolved ? RESOLVED_AT : null)
        .setUpdatedAt(occurredAt)
        .setAlerts(alerts)
        .setEventSeq(sequence)
        .build();
    String message = switch (type) {
      case OPENED -> "Error rate above 5% for 10 minutes";
      case ACKNOWLEDGED -> "Looking into it";
      case RESOLVED -> "Error rate back below 1% after rolling back checkout v2.31";
      default -> "Rollback of checkout v2.31 in progress";
    };
    IncidentEvent event = IncidentEvent.newBuilder()
        .setEventId(incidentId + ":" + sequence)
        .setIncidentId(incidentId)
        .setSequence(sequence)
        .setType(type)
        .setOccurredAt(occurredAt)
        .setActor(acknowledged ? new Actor("user", "U123JANE", "jane") : Actor.newBuilder().build())
        .setMessage(message)
        .setSeverity(Severity.P1)
        .setStatus(status)
        .setPublicStatus(publicStatus)
        .setReceiver("sre-oncall")
        .build();
    return Notification.newBuilder()
        .setNotificationId(incidentId + ":" + sequence + ":sre-oncall")
        .setReceiver("sre-oncall")
        .setEvent(event)
        .setIncident(incident)
        .setRequestedAt(occurredAt.plusSeconds(1))
        .build();
  }

  /** {@code notification} with its incident's title and first alert's summary replaced, e.g. by hostile text. */
  public static Notification withText(Notification notification, String title, String firstAlertSummary) {
    Incident incident = notification.getIncident();
    List<IncidentAlert> alerts = new ArrayList<>(incident.getAlerts());
    IncidentAlert first = alerts.get(0);
    Map<String, String> annotations = new HashMap<>(first.getAnnotations());
    annotations.put("summary", firstAlertSummary);
    alerts.set(0, IncidentAlert.newBuilder(first).setAnnotations(annotations).build());
    return Notification.newBuilder(notification)
        .setIncident(Incident.newBuilder(incident).setTitle(title).setAlerts(alerts).build())
        .build();
  }

  private static IncidentAlert alert(String fingerprint, String instance, String summary, boolean resolved) {
    return IncidentAlert.newBuilder()
        .setFingerprint(fingerprint)
        .setStatus(resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", "checkout", "instance", instance))
        .setAnnotations(Map.of("summary", summary, "runbook_url", RUNBOOK_URL))
        .setStartsAt(OPENED_AT)
        .setEndsAt(resolved ? RESOLVED_AT.minusSeconds(30) : null)
        .setSeverity(Severity.P1)
        .setGeneratorUrl(GENERATOR_URL)
        .build();
  }
}
