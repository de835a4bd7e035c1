package dev.tocsin.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentFiguresTest {
  private static final Instant SINCE = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-04-01T00:00:00Z");

  @Test
  void onlyIncidentsOpenedFromSinceUntilBeforeUntilCount() {
    List<IncidentSummary> incidents = List.of(
        incident("before", Severity.P1, SINCE.minusMillis(1)).build(),
        incident("at-since", Severity.P1, SINCE).build(),
        incident("inside", Severity.P1, SINCE.plusSeconds(86_400)).build(),
        incident("at-until", Severity.P1, UNTIL).build(),
        incident("after", Severity.P1, UNTIL.plusSeconds(60)).build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.since()).isEqualTo(SINCE);
    assertThat(figures.until()).isEqualTo(UNTIL);
    assertThat(figures.all().incidents()).isEqualTo(2);
    assertThat(figures.bySeverity()).containsOnlyKeys(Severity.P1);
    assertThat(figures.bySeverity().get(Severity.P1).incidents()).isEqualTo(2);
  }

  @Test
  void meanTimeToDetectCountsOnlyIncidentsWithAlerts() {
    Instant opened = SINCE.plusSeconds(3_600);
    List<IncidentSummary> incidents = List.of(
        incident("a", Severity.P1, opened).alerts(2).detected(opened.minusSeconds(60)).build(),
        incident("b", Severity.P1, opened.plusSeconds(7_200)).alerts(1).detected(opened.plusSeconds(7_200 - 180))
            .build(),
        incident("declared", Severity.P1, opened.plusSeconds(9_000)).alerts(0)
            .detected(opened.plusSeconds(9_000 - 3_600)).build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.all().incidents()).isEqualTo(3);
    assertThat(figures.all().mttdSeconds()).isEqualTo(120.0);
  }

  @Test
  void meanTimeToAcknowledgeCountsOnlyAcknowledgedIncidents() {
    Instant opened = SINCE.plusSeconds(3_600);
    List<IncidentSummary> incidents = List.of(
        incident("a", Severity.P2, opened).acknowledged(opened.plusSeconds(30)).build(),
        incident("b", Severity.P2, opened).acknowledged(opened.plusMillis(90_500)).build(),
        incident("never", Severity.P2, opened).build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.all().mttaSeconds()).isEqualTo(60.25);
  }

  @Test
  void meanTimeToResolveCountsOnlyResolvedIncidents() {
    Instant opened = SINCE.plusSeconds(3_600);
    List<IncidentSummary> incidents = List.of(
        incident("a", Severity.P0, opened).resolved(opened.plusSeconds(600)).build(),
        incident("b", Severity.P0, opened).resolved(opened.plusSeconds(1_800)).build(),
        incident("open", Severity.P0, opened).build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.all().mttrSeconds()).isEqualTo(1_200.0);
  }

  @Test
  void eachSeverityHasItsOwnFiguresAndSeveritiesWithoutIncidentsAreLeftOut() {
    Instant opened = SINCE.plusSeconds(3_600);
    List<IncidentSummary> incidents = List.of(
        incident("p0-a", Severity.P0, opened).acknowledged(opened.plusSeconds(60))
            .resolved(opened.plusSeconds(1_200)).build(),
        incident("p0-b", Severity.P0, opened).acknowledged(opened.plusSeconds(180))
            .resolved(opened.plusSeconds(2_400)).build(),
        incident("p2", Severity.P2, opened).acknowledged(opened.plusSeconds(900)).falsePositive().build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.bySeverity()).containsOnlyKeys(Severity.P0, Severity.P2);
    assertThat(figures.bySeverity().get(Severity.P0))
        .isEqualTo(new IncidentFigures.Stats(2, 0, 0.0, 120.0, 1_800.0));
    IncidentFigures.Stats p2 = figures.bySeverity().get(Severity.P2);
    assertThat(p2.incidents()).isEqualTo(1);
    assertThat(p2.falsePositives()).isEqualTo(1);
    assertThat(p2.mttaSeconds()).isEqualTo(900.0);
    assertThat(p2.mttrSeconds()).isNaN();
    assertThat(figures.all().incidents()).isEqualTo(3);
    assertThat(figures.all().mttaSeconds()).isEqualTo(380.0);
    assertThat(figures.all().mttrSeconds()).isEqualTo(1_800.0);
  }

  @Test
  void eachServiceCountsItsIncidentsAndTheMeanGapBetweenTheirOpenings() {
    Instant day = SINCE.plusSeconds(86_400);
    List<IncidentSummary> incidents = List.of(
        incident("c3", Severity.P1, day.plusSeconds(10 * 3_600)).services("checkout").build(),
        incident("c1", Severity.P1, day).services("checkout", "payments").build(),
        incident("c2", Severity.P2, day.plusSeconds(4 * 3_600)).services("checkout").build(),
        incident("p2", Severity.P1, day.plusSeconds(86_400)).services("payments").build(),
        incident("search", Severity.P3, day).services("search").build(),
        incident("nameless", Severity.P3, day).build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.byService()).containsOnlyKeys("checkout", "payments", "search");
    assertThat(figures.byService().keySet()).containsExactly("checkout", "payments", "search");
    assertThat(figures.byService().get("checkout").incidents()).isEqualTo(3);
    assertThat(figures.byService().get("checkout").mtbfSeconds()).isEqualTo(5 * 3_600.0);
    assertThat(figures.byService().get("payments").incidents()).isEqualTo(2);
    assertThat(figures.byService().get("payments").mtbfSeconds()).isEqualTo(86_400.0);
    assertThat(figures.byService().get("search").incidents()).isEqualTo(1);
    assertThat(figures.byService().get("search").mtbfSeconds()).isNaN();
  }

  @Test
  void theFalsePositiveRateIsMarkedFalsePositivesPerIncident() {
    Instant opened = SINCE.plusSeconds(3_600);
    List<IncidentSummary> incidents = List.of(
        incident("a", Severity.P1, opened).falsePositive().build(),
        incident("b", Severity.P1, opened).build(),
        incident("c", Severity.P2, opened).build(),
        incident("d", Severity.P2, opened).falsePositive().build(),
        incident("outside", Severity.P1, UNTIL).falsePositive().build());

    IncidentFigures figures = IncidentFigures.of(incidents, SINCE, UNTIL);

    assertThat(figures.all().falsePositives()).isEqualTo(2);
    assertThat(figures.all().falsePositiveRate()).isCloseTo(0.5, within(1e-12));
    assertThat(figures.bySeverity().get(Severity.P1).falsePositiveRate()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void everyMeanIsNaNWhenNothingCounts() {
    IncidentFigures figures = IncidentFigures.of(
        List.of(incident("old", Severity.P1, SINCE.minusSeconds(1)).services("checkout").build()), SINCE, UNTIL);

    assertThat(figures.all().incidents()).isZero();
    assertThat(figures.all().falsePositives()).isZero();
    assertThat(figures.all().mttdSeconds()).isNaN();
    assertThat(figures.all().mttaSeconds()).isNaN();
    assertThat(figures.all().mttrSeconds()).isNaN();
    assertThat(figures.all().falsePositiveRate()).isNaN();
    assertThat(figures.bySeverity()).isEmpty();
    assertThat(figures.byService()).isEmpty();
  }

  @Test
  void meansAreNaNWhenNoIncidentHasWhatTheyMeasure() {
    IncidentFigures figures = IncidentFigures.of(
        List.of(incident("declared", Severity.P1, SINCE.plusSeconds(60)).alerts(0).build()), SINCE, UNTIL);

    assertThat(figures.all().incidents()).isEqualTo(1);
    assertThat(figures.all().mttdSeconds()).isNaN();
    assertThat(figures.all().mttaSeconds()).isNaN();
    assertThat(figures.all().mttrSeconds()).isNaN();
    assertThat(figures.all().falsePositiveRate()).isZero();
  }

  private static Builder incident(String id, Severity severity, Instant openedAt) {
    return new Builder(id, severity, openedAt);
  }

  /** An open, unacknowledged incident of one alert that started when it opened, unless told otherwise. */
  private static final class Builder {
    private final String id;
    private final Severity severity;
    private final Instant openedAt;
    private Instant detectedAt;
    private Instant acknowledgedAt;
    private Instant resolvedAt;
    private Set<String> services = Set.of();
    private int alerts = 1;
    private boolean falsePositive;

    Builder(String id, Severity severity, Instant openedAt) {
      this.id = id;
      this.severity = severity;
      this.openedAt = openedAt;
      this.detectedAt = openedAt;
    }

    Builder detected(Instant at) {
      detectedAt = at;
      return this;
    }

    Builder acknowledged(Instant at) {
      acknowledgedAt = at;
      return this;
    }

    Builder resolved(Instant at) {
      resolvedAt = at;
      return this;
    }

    Builder services(String... names) {
      services = Set.of(names);
      return this;
    }

    Builder alerts(int count) {
      alerts = count;
      return this;
    }

    Builder falsePositive() {
      falsePositive = true;
      return this;
    }

    IncidentSummary build() {
      IncidentStatus status = resolvedAt != null ? IncidentStatus.RESOLVED
          : acknowledgedAt != null ? IncidentStatus.ACKNOWLEDGED : IncidentStatus.TRIGGERED;
      PublicStatus publicStatus = resolvedAt != null ? PublicStatus.RESOLVED : PublicStatus.INVESTIGATING;
      Instant updatedAt = resolvedAt != null ? resolvedAt : acknowledgedAt != null ? acknowledgedAt : openedAt;
      return new IncidentSummary("INC-" + id, "{}:{alertname=\"" + id + "\"}", "Incident " + id, severity, status,
          publicStatus, openedAt, updatedAt, resolvedAt, services, List.of(), Map.of("alertname", id), null,
          alerts, resolvedAt == null ? alerts : 0, 3L, detectedAt, acknowledgedAt, falsePositive);
    }
  }
}
