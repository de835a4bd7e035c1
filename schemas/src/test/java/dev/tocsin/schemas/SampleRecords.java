package dev.tocsin.schemas;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.DeliveryOutcome;
import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.avro.Silence;
import dev.tocsin.schemas.serde.AvroTrust;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fully populated instances of every record in {@code tocsin.avdl}: each optional field set,
 * maps and arrays non-empty, timestamps with millisecond precision (what timestamp-millis keeps).
 */
public final class SampleRecords {
  public static final Instant STARTS_AT = Instant.parse("2026-03-01T10:15:30.123Z");
  public static final Instant ENDS_AT = Instant.parse("2026-03-01T10:45:00.456Z");
  public static final Instant RECEIVED_AT = Instant.parse("2026-03-01T10:15:31.007Z");

  static {
    // Builders resolve enum classes for defaults and copies, which Avro 1.12.2 refuses untrusted.
    AvroTrust.ensure();
  }

  private SampleRecords() {
  }

  public static Actor actor() {
    return new Actor("user", "U024BE7LH", "Ada Lovelace");
  }

  public static Alert alert() {
    return Alert.newBuilder()
        .setSource(AlertSource.ALERTMANAGER)
        .setFingerprint("c0ffee00deadbeef")
        .setGroupKey("{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\"}")
        .setStatus(AlertStatus.RESOLVED)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", "checkout", "severity", "critical"))
        .setAnnotations(Map.of("summary", "5xx above 5%", "runbook_url", "https://runbooks.example/checkout"))
        .setStartsAt(STARTS_AT)
        .setEndsAt(ENDS_AT)
        .setReceivedAt(RECEIVED_AT)
        .setGeneratorUrl("http://prometheus:9090/graph?g0.expr=rate%28http_errors%5B5m%5D%29")
        .setSourceSeverity(Severity.P1)
        .setReceiver("tocsin-webhook")
        .setExternalUrl("http://alertmanager:9093")
        .setRequestId("req-7f3a")
        .build();
  }

  public static IncidentAlert incidentAlert() {
    return IncidentAlert.newBuilder()
        .setFingerprint("c0ffee00deadbeef")
        .setStatus(AlertStatus.RESOLVED)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", "checkout"))
        .setAnnotations(Map.of("summary", "5xx above 5%"))
        .setStartsAt(STARTS_AT)
        .setEndsAt(ENDS_AT)
        .setSeverity(Severity.P1)
        .setGeneratorUrl("http://prometheus:9090/graph")
        .build();
  }

  public static Incident incident() {
    return Incident.newBuilder()
        .setId("INC-7K2M9QXD")
        .setGroupKey("{}:{service=\"checkout\"}")
        .setGroupLabels(Map.of("service", "checkout"))
        .setTitle("Checkout error rate high")
        .setDescription("5xx above 5% for 10 minutes")
        .setSeverity(Severity.P1)
        .setStatus(IncidentStatus.RESOLVED)
        .setPublicStatus(PublicStatus.MONITORING)
        .setOpenedAt(STARTS_AT)
        .setAcknowledgedAt(Instant.parse("2026-03-01T10:20:00.001Z"))
        .setResolvedAt(ENDS_AT)
        .setUpdatedAt(ENDS_AT)
        .setReceivers(List.of("team-checkout-slack", "team-checkout-pagerduty"))
        .setAssignee(actor())
        .setAffectedComponents(List.of("checkout", "payments"))
        .setImpactDescription("Some customers cannot pay")
        .setAlerts(List.of(incidentAlert(), IncidentAlert.newBuilder(incidentAlert())
            .setFingerprint("0123456789abcdef").setSeverity(Severity.P2).build()))
        .setEventSeq(7L)
        .setGroupOccurrence(3)
        .setReopenCount(1)
        .setQuietUntil(ENDS_AT.plusSeconds(300))
        .setRoute("{}/{service=\"checkout\"}")
        .setEscalationPolicy("p1-default")
        .setEscalationStep(2)
        .setNextEscalationAt(ENDS_AT.plusSeconds(900))
        .setSuppressedBy("silenced by maint-1 (alice) until 2026-03-01T12:00:00Z")
        .setManual(true)
        .setClassification("security")
        .setFalsePositive(true)
        .setAlertCount(2)
        .setFiringCount(0)
        .build();
  }

  public static Silence silence() {
    return Silence.newBuilder()
        .setId("cmd-0001")
        .setMatchers(List.of("service=\"checkout\""))
        .setStartsAt(STARTS_AT)
        .setEndsAt(ENDS_AT)
        .setCreatedBy(actor())
        .setComment("deploy in progress")
        .setIncidentId("INC-7K2M9QXD")
        .build();
  }

  public static IncidentEvent incidentEvent() {
    return IncidentEvent.newBuilder()
        .setEventId("INC-7K2M9QXD:7")
        .setIncidentId("INC-7K2M9QXD")
        .setSequence(7L)
        .setType(IncidentEventType.SEVERITY_CHANGED)
        .setOccurredAt(ENDS_AT)
        .setActor(actor())
        .setMessage("raised to P1")
        .setAlertFingerprint("c0ffee00deadbeef")
        .setPreviousSeverity(Severity.P2)
        .setSeverity(Severity.P1)
        .setStatus(IncidentStatus.ACKNOWLEDGED)
        .setPublicStatus(PublicStatus.IDENTIFIED)
        .setReceiver("team-checkout-slack")
        .setAlert(incidentAlert())
        .build();
  }

  public static IncidentCommand incidentCommand() {
    return IncidentCommand.newBuilder()
        .setCommandId("cmd-0001")
        .setType(CommandType.SILENCE)
        .setIncidentId("INC-7K2M9QXD")
        .setActor(actor())
        .setRequestedAt(RECEIVED_AT)
        .setMessage("deploy in progress")
        .setPublicStatus(PublicStatus.MONITORING)
        .setSeverity(Severity.P2)
        .setTitle("Manual incident")
        .setDescription("Opened by hand")
        .setAffectedComponents(List.of("checkout"))
        .setImpactDescription("None yet")
        .setAssignee(new Actor("integration", "pagerduty", "PagerDuty"))
        .setMatchers(List.of("service=\"checkout\"", "severity=~\"critical|warning\""))
        .setUntil(Instant.parse("2026-03-01T12:00:00.999Z"))
        .setOrigin("slack")
        .setClassification("security")
        .setGroupKey("{}:{alertname=\"HighErrorRate\"}")
        .build();
  }

  /** An alert with only its required fields; every optional one at its default. */
  public static Alert minimalAlert() {
    return Alert.newBuilder()
        .setSource(AlertSource.GENERIC)
        .setFingerprint("f")
        .setStatus(AlertStatus.FIRING)
        .setStartsAt(STARTS_AT)
        .setReceivedAt(RECEIVED_AT)
        .build();
  }

  public static Notification notification() {
    return Notification.newBuilder()
        .setNotificationId("INC-7K2M9QXD:7:team-checkout-slack")
        .setReceiver("team-checkout-slack")
        .setEvent(incidentEvent())
        .setIncident(incident())
        .setRequestedAt(ENDS_AT)
        .build();
  }

  public static DeliveryResult deliveryResult() {
    return DeliveryResult.newBuilder()
        .setNotificationId("INC-7K2M9QXD:7:team-checkout-slack")
        .setIncidentId("INC-7K2M9QXD")
        .setEventSequence(7L)
        .setReceiver("team-checkout-slack")
        .setIntegration("slack")
        .setOutcome(DeliveryOutcome.RETRYABLE_FAILURE)
        .setAttempts(4)
        .setCompletedAt(ENDS_AT)
        .setStatusCode(429)
        .setReason("rate limited")
        .setExternalId("1700000000.000100")
        .setGroupKey("{}:{alertname=\"HighErrorRate\"}")
        .build();
  }
}
