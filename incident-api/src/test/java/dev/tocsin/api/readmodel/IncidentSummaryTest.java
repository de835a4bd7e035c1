package dev.tocsin.api.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentSummaryTest {
  private static final Instant OPENED = Instant.parse("2026-12-01T09:30:00Z");

  @Test
  void takesTheIncidentsOwnFields() {
    Incident incident = incident(Map.of("alertname", "HighLatency"), List.of())
        .setStatus(IncidentStatus.RESOLVED)
        .setPublicStatus(PublicStatus.RESOLVED)
        .setResolvedAt(OPENED.plusSeconds(900))
        .setAssignee(new Actor("user", "U024BE7LH", "alice"))
        .setAffectedComponents(List.of("api_gateway", "database"))
        .setEventSeq(7L)
        .build();

    IncidentSummary summary = IncidentSummary.of(incident);

    assertThat(summary.id()).isEqualTo("INC-7K2M9QXD");
    assertThat(summary.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
    assertThat(summary.title()).isEqualTo("High latency on checkout");
    assertThat(summary.severity()).isEqualTo(Severity.P1);
    assertThat(summary.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(summary.publicStatus()).isEqualTo(PublicStatus.RESOLVED);
    assertThat(summary.openedAt()).isEqualTo(OPENED);
    assertThat(summary.updatedAt()).isEqualTo(OPENED.plusSeconds(60));
    assertThat(summary.resolvedAt()).isEqualTo(OPENED.plusSeconds(900));
    assertThat(summary.components()).containsExactly("api_gateway", "database");
    assertThat(summary.assignee()).isEqualTo("U024BE7LH");
    assertThat(summary.eventSeq()).isEqualTo(7L);
    assertThat(summary.open()).isFalse();
  }

  @Test
  void countsAlertsFromTheSnapshotsCountsWhenItListsOnlySomeAndFromItsListWhenItPredatesThem() {
    List<IncidentAlert> listed = List.of(
        alert("a1", AlertStatus.FIRING, Map.of("service", "checkout")),
        alert("a2", AlertStatus.RESOLVED, Map.of("service", "checkout")));
    Incident bounded = incident(Map.of("alertname", "HighLatency"), listed).setAlertCount(120).setFiringCount(87)
        .build();
    Incident older = incident(Map.of("alertname", "HighLatency"), listed).build();

    assertThat(IncidentSummary.of(bounded).alerts()).isEqualTo(120);
    assertThat(IncidentSummary.of(bounded).firing()).isEqualTo(87);
    assertThat(IncidentSummary.of(older).alerts()).as("written before the counts existed").isEqualTo(2);
    assertThat(IncidentSummary.of(older).firing()).isEqualTo(1);
  }

  @Test
  void collectsServicesFromTheGroupLabelsAndEveryAlert() {
    Incident incident = incident(Map.of("service", "gateway"), List.of(
        alert("a1", AlertStatus.FIRING, Map.of("service", "checkout", "instance", "a")),
        alert("a2", AlertStatus.RESOLVED, Map.of("service", "payments", "instance", "b")),
        alert("a3", AlertStatus.FIRING, Map.of("service", "checkout", "instance", "c")),
        alert("a4", AlertStatus.FIRING, Map.of("instance", "d")))).build();

    assertThat(IncidentSummary.of(incident).services()).containsExactlyInAnyOrder("gateway", "checkout", "payments");
  }

  @Test
  void hasNoServicesWhenNoLabelNamesOne() {
    Incident incident = incident(Map.of("alertname", "DiskFull"),
        List.of(alert("a1", AlertStatus.FIRING, Map.of("instance", "a")))).build();

    assertThat(IncidentSummary.of(incident).services()).isEmpty();
  }

  @Test
  void labelsAreTheGroupLabelsPlusThoseEveryAlertShares() {
    Incident incident = incident(Map.of("alertname", "HighLatency"), List.of(
        alert("a1", AlertStatus.FIRING, Map.of("env", "prod", "team", "payments", "instance", "a", "zone", "eu-1")),
        alert("a2", AlertStatus.FIRING, Map.of("env", "prod", "team", "payments", "instance", "b")),
        alert("a3", AlertStatus.RESOLVED, Map.of("env", "prod", "team", "payments", "instance", "c",
            "zone", "eu-1")))).build();

    assertThat(IncidentSummary.of(incident).labels()).containsOnly(entry("alertname", "HighLatency"),
        entry("env", "prod"), entry("team", "payments"));
  }

  @Test
  void aGroupLabelWinsOverAnAlertLabelOfTheSameName() {
    Incident incident = incident(Map.of("env", "staging"), List.of(
        alert("a1", AlertStatus.FIRING, Map.of("env", "prod", "team", "search")),
        alert("a2", AlertStatus.FIRING, Map.of("env", "prod", "team", "search")))).build();

    assertThat(IncidentSummary.of(incident).labels()).containsOnly(entry("env", "staging"), entry("team", "search"));
  }

  @Test
  void oneAlertSharesAllItsLabels() {
    Incident incident = incident(Map.of(), List.of(
        alert("a1", AlertStatus.FIRING, Map.of("env", "prod", "instance", "a")))).build();

    assertThat(IncidentSummary.of(incident).labels()).containsOnly(entry("env", "prod"), entry("instance", "a"));
  }

  @Test
  void aManualIncidentWithoutAlertsHasItsGroupLabelsOnly() {
    Incident incident = incident(Map.of("service", "checkout"), List.of()).setManual(true).build();

    IncidentSummary summary = IncidentSummary.of(incident);

    assertThat(summary.labels()).containsOnly(entry("service", "checkout"));
    assertThat(summary.services()).containsExactly("checkout");
    assertThat(summary.alerts()).isZero();
    assertThat(summary.firing()).isZero();
    assertThat(summary.assignee()).isNull();
    assertThat(summary.resolvedAt()).isNull();
    assertThat(summary.open()).isTrue();
  }

  @Test
  void countsAlertsAndThoseStillFiring() {
    Incident incident = incident(Map.of(), List.of(
        alert("a1", AlertStatus.FIRING, Map.of()),
        alert("a2", AlertStatus.RESOLVED, Map.of()),
        alert("a3", AlertStatus.FIRING, Map.of()),
        alert("a4", AlertStatus.RESOLVED, Map.of()),
        alert("a5", AlertStatus.RESOLVED, Map.of()))).build();

    IncidentSummary summary = IncidentSummary.of(incident);

    assertThat(summary.alerts()).isEqualTo(5);
    assertThat(summary.firing()).isEqualTo(2);
  }

  @Test
  void theSummaryDoesNotChangeWithTheIncident() {
    Incident incident = incident(Map.of("env", "prod"), List.of()).setAffectedComponents(
        new ArrayList<>(List.of("database"))).build();

    IncidentSummary summary = IncidentSummary.of(incident);
    incident.getAffectedComponents().add("api_gateway");
    incident.getGroupLabels().put("team", "search");

    assertThat(summary.components()).containsExactly("database");
    assertThat(summary.labels()).containsOnly(entry("env", "prod"));
    assertThat(summary.services()).isEqualTo(Set.of());
  }

  private static Incident.Builder incident(Map<String, String> groupLabels, List<IncidentAlert> alerts) {
    return Incident.newBuilder()
        .setId("INC-7K2M9QXD")
        .setGroupKey("{}:{alertname=\"HighLatency\"}")
        .setGroupLabels(new HashMap<>(groupLabels))
        .setTitle("High latency on checkout")
        .setSeverity(Severity.P1)
        .setStatus(IncidentStatus.TRIGGERED)
        .setPublicStatus(PublicStatus.INVESTIGATING)
        .setOpenedAt(OPENED)
        .setUpdatedAt(OPENED.plusSeconds(60))
        .setAlerts(alerts);
  }

  private static IncidentAlert alert(String fingerprint, AlertStatus status, Map<String, String> labels) {
    return IncidentAlert.newBuilder()
        .setFingerprint(fingerprint)
        .setStatus(status)
        .setLabels(labels)
        .setStartsAt(OPENED)
        .setEndsAt(status == AlertStatus.RESOLVED ? OPENED.plusSeconds(300) : null)
        .setSeverity(Severity.P1)
        .build();
  }
}
