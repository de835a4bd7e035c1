package dev.tocsin.api.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorBudgetsTest {
  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant WINDOW_START = Instant.parse("2026-03-02T00:00:00Z");
  private static final ErrorBudgets.Objective CHECKOUT = new ErrorBudgets.Objective("checkout", 99.9,
      Duration.ofDays(30), Set.of(Severity.P0, Severity.P1));

  @Test
  void threeNinesOverThirtyDaysAllowFortyThreeMinutesTwelveSeconds() {
    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, List.of(), NOW);

    assertThat(budget.allowed()).isEqualTo(Duration.ofSeconds(2_592));
    assertThat(budget.allowed()).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
    assertThat(budget.consumed()).isEqualTo(Duration.ZERO);
    assertThat(budget.remaining()).isEqualTo(Duration.ofSeconds(2_592));
    assertThat(budget.incidents()).isZero();
    assertThat(budget.consumedPercent()).isZero();
    assertThat(budget.actualUptimePercent()).isEqualTo(100.0);
    assertThat(budget.objective()).isEqualTo(CHECKOUT);
  }

  @Test
  void anIncidentNamingTheServiceInItsLabelsConsumesItsDuration() {
    Instant opened = NOW.minus(Duration.ofDays(3));
    IncidentSummary incident = incident(Severity.P1, opened, opened.plusSeconds(648), Set.of("checkout"), List.of());

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, List.of(incident), NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(648));
    assertThat(budget.remaining()).isEqualTo(Duration.ofSeconds(1_944));
    assertThat(budget.incidents()).isEqualTo(1);
    assertThat(budget.consumedPercent()).isCloseTo(25.0, within(1e-9));
    assertThat(budget.actualUptimePercent()).isCloseTo(100.0 * (1 - 648.0 / 2_592_000), within(1e-9));
    assertThat(budget.actualUptimePercent()).isCloseTo(99.975, within(1e-9));
  }

  @Test
  void anIncidentWhoseAffectedComponentIsNamedLikeTheServiceConsumesItsDuration() {
    Instant opened = NOW.minus(Duration.ofDays(5));
    IncidentSummary incident = incident(Severity.P0, opened, opened.plusSeconds(300), Set.of(), List.of("checkout"));

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, List.of(incident), NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(300));
    assertThat(budget.incidents()).isEqualTo(1);
  }

  @Test
  void overlappingIncidentsAreCountedOnce() {
    Instant t = NOW.minus(Duration.ofDays(10));
    List<IncidentSummary> incidents = List.of(
        // 10:00 for 20 minutes, and 10:10 for 20 minutes: together 30 minutes
        incident(Severity.P1, t.plusSeconds(600), t.plusSeconds(1_800), Set.of("checkout"), List.of()),
        incident(Severity.P0, t, t.plusSeconds(1_200), Set.of("checkout"), List.of()),
        // inside the first one entirely
        incident(Severity.P1, t.plusSeconds(60), t.plusSeconds(120), Set.of(), List.of("checkout")),
        // separate: a day later, 5 minutes
        incident(Severity.P1, t.plusSeconds(86_400), t.plusSeconds(86_700), Set.of("checkout"), List.of()));

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, incidents, NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofMinutes(35));
    assertThat(budget.incidents()).isEqualTo(4);
  }

  @Test
  void incidentsThatTouchEndToStartAreOneRun() {
    Instant t = NOW.minus(Duration.ofDays(2));
    List<IncidentSummary> incidents = List.of(
        incident(Severity.P1, t, t.plusSeconds(600), Set.of("checkout"), List.of()),
        incident(Severity.P1, t.plusSeconds(600), t.plusSeconds(900), Set.of("checkout"), List.of()));

    assertThat(ErrorBudgets.of(CHECKOUT, incidents, NOW).consumed()).isEqualTo(Duration.ofSeconds(900));
  }

  @Test
  void anOpenIncidentCountsUntilNow() {
    IncidentSummary open = incident(Severity.P0, NOW.minusSeconds(1_000), null, Set.of("checkout"), List.of());

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, List.of(open), NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(1_000));
    assertThat(budget.remaining()).isEqualTo(Duration.ofSeconds(1_592));
  }

  @Test
  void anIncidentThatStartedBeforeTheWindowCountsFromTheWindowStart() {
    IncidentSummary straddling = incident(Severity.P1, WINDOW_START.minusSeconds(3_600),
        WINDOW_START.plusSeconds(120), Set.of("checkout"), List.of());
    IncidentSummary before = incident(Severity.P1, WINDOW_START.minusSeconds(7_200),
        WINDOW_START.minusSeconds(3_601), Set.of("checkout"), List.of());

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, List.of(straddling, before), NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(120));
    assertThat(budget.incidents()).isEqualTo(1);
  }

  @Test
  void uncountedSeveritiesOtherServicesAndFalsePositivesDoNotCount() {
    Instant t = NOW.minus(Duration.ofDays(1));
    List<IncidentSummary> incidents = List.of(
        incident(Severity.P2, t, t.plusSeconds(3_600), Set.of("checkout"), List.of()),
        incident(Severity.P3, t, t.plusSeconds(3_600), Set.of(), List.of("checkout")),
        incident(Severity.P0, t, t.plusSeconds(3_600), Set.of("payments"), List.of("payments_api")),
        falsePositive(incident(Severity.P0, t, t.plusSeconds(3_600), Set.of("checkout"), List.of())),
        incident(Severity.P1, t, t.plusSeconds(60), Set.of("checkout"), List.of()));

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, incidents, NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(60));
    assertThat(budget.incidents()).isEqualTo(1);
  }

  @Test
  void anOverspentBudgetIsNegativeAndAboveOneHundredPercent() {
    Instant opened = NOW.minus(Duration.ofDays(7));
    IncidentSummary outage = incident(Severity.P0, opened, opened.plusSeconds(3_888), Set.of("checkout"), List.of());

    ErrorBudgets.Budget budget = ErrorBudgets.of(CHECKOUT, List.of(outage), NOW);

    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(3_888));
    assertThat(budget.remaining()).isEqualTo(Duration.ofSeconds(-1_296));
    assertThat(budget.consumedPercent()).isCloseTo(150.0, within(1e-9));
    assertThat(budget.actualUptimePercent()).isCloseTo(99.85, within(1e-9));
  }

  @Test
  void theWindowAndSeveritiesComeFromTheObjective() {
    ErrorBudgets.Objective weekly = new ErrorBudgets.Objective("search", 99.0, Duration.ofDays(7),
        Set.of(Severity.P2));
    IncidentSummary inWeek = incident(Severity.P2, NOW.minus(Duration.ofDays(6)),
        NOW.minus(Duration.ofDays(6)).plusSeconds(1_512), Set.of("search"), List.of());
    IncidentSummary beforeWeek = incident(Severity.P2, NOW.minus(Duration.ofDays(8)),
        NOW.minus(Duration.ofDays(8)).plusSeconds(600), Set.of("search"), List.of());
    IncidentSummary p0 = incident(Severity.P0, NOW.minus(Duration.ofDays(1)),
        NOW.minus(Duration.ofDays(1)).plusSeconds(600), Set.of("search"), List.of());

    ErrorBudgets.Budget budget = ErrorBudgets.of(weekly, List.of(inWeek, beforeWeek, p0), NOW);

    assertThat(budget.allowed()).isEqualTo(Duration.ofMillis(6_048_000));
    assertThat(budget.consumed()).isEqualTo(Duration.ofSeconds(1_512));
    assertThat(budget.consumedPercent()).isCloseTo(25.0, within(1e-9));
  }

  private static IncidentSummary falsePositive(IncidentSummary i) {
    return new IncidentSummary(i.id(), i.groupKey(), i.title(), i.severity(), i.status(), i.publicStatus(),
        i.openedAt(), i.updatedAt(), i.resolvedAt(), i.services(), i.components(), i.labels(), i.assignee(),
        i.alerts(), i.firing(), i.eventSeq(), i.detectedAt(), i.acknowledgedAt(), true);
  }

  private static IncidentSummary incident(Severity severity, Instant openedAt, Instant resolvedAt,
      Set<String> services, List<String> components) {
    boolean resolved = resolvedAt != null;
    return new IncidentSummary("INC-" + openedAt.getEpochSecond(), "{}:{alertname=\"Down\"}", "Service down",
        severity, resolved ? IncidentStatus.RESOLVED : IncidentStatus.TRIGGERED,
        resolved ? PublicStatus.RESOLVED : PublicStatus.INVESTIGATING, openedAt, resolved ? resolvedAt : openedAt,
        resolvedAt, services, components, Map.of("alertname", "Down"), null, 1, resolved ? 0 : 1, 2L, openedAt,
        null, false);
  }
}
