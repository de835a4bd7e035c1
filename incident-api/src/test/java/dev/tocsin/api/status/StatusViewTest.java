package dev.tocsin.api.status;

import static dev.tocsin.api.status.StatusFixtures.component;
import static dev.tocsin.api.status.StatusFixtures.config;
import static dev.tocsin.api.status.StatusFixtures.falsePositive;
import static dev.tocsin.api.status.StatusFixtures.naming;
import static dev.tocsin.api.status.StatusFixtures.open;
import static dev.tocsin.api.status.StatusFixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusViewTest {
  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2026-12-10");
  private static final StatusPageConfig.Component API = component("api", "checkout", "payments");
  private static final StatusPageConfig.Component DB = component("db", "postgres");

  @Test
  void aComponentIsInTheWorstStateOfItsOpenIncidents() {
    StatusView view = StatusView.of(config(API, DB), List.of(
        open("INC-1", Severity.P2, NOW.minusSeconds(3600), "checkout"),
        open("INC-2", Severity.P1, NOW.minusSeconds(1800), "payments"),
        open("INC-3", Severity.P3, NOW.minusSeconds(600), "checkout")), NOW);

    assertThat(view.states()).containsExactly(entry("api", ComponentState.PARTIAL_OUTAGE),
        entry("db", ComponentState.OPERATIONAL));
  }

  @Test
  void byDefaultP0IsAMajorOutageP1APartialOneAndP2AndP3DegradedPerformance() {
    StatusPageConfig config = config(component("a", "sa"), component("b", "sb"), component("c", "sc"),
        component("d", "sd"));

    StatusView view = StatusView.of(config, List.of(open("INC-0", Severity.P0, NOW, "sa"),
        open("INC-1", Severity.P1, NOW, "sb"), open("INC-2", Severity.P2, NOW, "sc"),
        open("INC-3", Severity.P3, NOW, "sd")), NOW);

    assertThat(view.states()).containsExactly(entry("a", ComponentState.MAJOR_OUTAGE),
        entry("b", ComponentState.PARTIAL_OUTAGE), entry("c", ComponentState.DEGRADED_PERFORMANCE),
        entry("d", ComponentState.DEGRADED_PERFORMANCE));
  }

  @Test
  void aConfiguredSeverityMapOverridesTheDefaultsOfTheSeveritiesItNames() {
    StatusPageConfig config = new StatusPageConfig("Acme Status",
        List.of(component("a", "sa"), component("b", "sb"), component("c", "sc")),
        Map.of(Severity.P0, ComponentState.DEGRADED_PERFORMANCE, Severity.P3, ComponentState.MAJOR_OUTAGE),
        List.of());

    StatusView view = StatusView.of(config, List.of(open("INC-0", Severity.P0, NOW, "sa"),
        open("INC-3", Severity.P3, NOW, "sb"), open("INC-1", Severity.P1, NOW, "sc")), NOW);

    assertThat(view.states()).containsExactly(entry("a", ComponentState.DEGRADED_PERFORMANCE),
        entry("b", ComponentState.MAJOR_OUTAGE), entry("c", ComponentState.PARTIAL_OUTAGE));
  }

  @Test
  void anIncidentAffectsAComponentThatItNamesOrWhoseServiceItHas() {
    IncidentSummary namesDb = naming("INC-1", Severity.P0, NOW, "db");
    IncidentSummary hasPayments = open("INC-2", Severity.P0, NOW, "payments");
    IncidentSummary elsewhere = open("INC-3", Severity.P0, NOW, "billing");

    assertThat(StatusView.affects(namesDb, DB)).isTrue();
    assertThat(StatusView.affects(namesDb, API)).isFalse();
    assertThat(StatusView.affects(hasPayments, API)).isTrue();
    assertThat(StatusView.affects(hasPayments, DB)).isFalse();
    assertThat(StatusView.affects(elsewhere, API)).isFalse();
    assertThat(StatusView.affects(elsewhere, DB)).isFalse();
    StatusView view = StatusView.of(config(API, DB), List.of(namesDb), NOW);
    assertThat(view.states()).containsExactly(entry("api", ComponentState.OPERATIONAL),
        entry("db", ComponentState.MAJOR_OUTAGE));
    assertThat(view.componentsOf(hasPayments)).containsExactly(API);
  }

  @Test
  void resolvedAndFalsePositiveIncidentsDoNotSetTheState() {
    StatusView view = StatusView.of(config(API, DB), List.of(
        resolved("INC-1", Severity.P0, NOW.minusSeconds(7200), NOW.minusSeconds(60), "checkout"),
        falsePositive(open("INC-2", Severity.P0, NOW.minusSeconds(600), "postgres"))), NOW);

    assertThat(view.states()).containsExactly(entry("api", ComponentState.OPERATIONAL),
        entry("db", ComponentState.OPERATIONAL));
    assertThat(view.indicator()).isEqualTo("none");
    assertThat(view.active()).isEmpty();
  }

  @Test
  void maintenanceInProgressPutsItsComponentsUnderMaintenance() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(API, DB, component("cdn", "edge")),
        StatusPageConfig.DEFAULT_STATES, List.of(
            maintenance("now", List.of("api"), NOW.minusSeconds(3600), NOW.plusSeconds(3600)),
            maintenance("later", List.of("db"), NOW.plusSeconds(3600), NOW.plusSeconds(7200)),
            maintenance("done", List.of("cdn"), NOW.minusSeconds(7200), NOW)));

    StatusView view = StatusView.of(config, List.of(), NOW);

    assertThat(view.states()).containsExactly(entry("api", ComponentState.UNDER_MAINTENANCE),
        entry("db", ComponentState.OPERATIONAL), entry("cdn", ComponentState.OPERATIONAL));
    assertThat(view.indicator()).isEqualTo("maintenance");
    assertThat(view.description()).isEqualTo("Service Under Maintenance");
  }

  @Test
  void anOutageOutranksMaintenanceAndMaintenanceOutranksDegradedPerformance() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(API, DB), StatusPageConfig.DEFAULT_STATES,
        List.of(maintenance("now", List.of("api", "db"), NOW.minusSeconds(3600), NOW.plusSeconds(3600))));

    StatusView view = StatusView.of(config, List.of(open("INC-1", Severity.P1, NOW, "checkout"),
        open("INC-2", Severity.P2, NOW, "postgres")), NOW);

    assertThat(view.states()).containsExactly(entry("api", ComponentState.PARTIAL_OUTAGE),
        entry("db", ComponentState.UNDER_MAINTENANCE));
  }

  @Test
  void aComponentsOverrideWinsOverItsIncidentsAndMaintenance() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(
        new StatusPageConfig.Component("api", "API", null, null, Set.of("checkout"), ComponentState.OPERATIONAL),
        new StatusPageConfig.Component("db", "Database", null, null, Set.of("postgres"),
            ComponentState.MAJOR_OUTAGE)),
        StatusPageConfig.DEFAULT_STATES,
        List.of(maintenance("now", List.of("db"), NOW.minusSeconds(3600), NOW.plusSeconds(3600))));

    StatusView view = StatusView.of(config, List.of(open("INC-1", Severity.P0, NOW, "checkout")), NOW);

    assertThat(view.states()).containsExactly(entry("api", ComponentState.OPERATIONAL),
        entry("db", ComponentState.MAJOR_OUTAGE));
  }

  @Test
  void theIndicatorIsNoneWithNothingWrong() {
    StatusView view = StatusView.of(config(API, DB), List.of(), NOW);

    assertThat(view.indicator()).isEqualTo("none");
    assertThat(view.description()).isEqualTo("All Systems Operational");
  }

  @Test
  void theIndicatorFollowsTheWorstSeverity() {
    assertThat(indicatorWith(Severity.P3)).containsExactly("minor", "Minor Service Outage");
    assertThat(indicatorWith(Severity.P2)).containsExactly("minor", "Minor Service Outage");
    assertThat(indicatorWith(Severity.P1)).containsExactly("major", "Partial System Outage");
    assertThat(indicatorWith(Severity.P0)).containsExactly("critical", "Major System Outage");
  }

  @Test
  void theIndicatorFollowsTheWorstComponentState() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(API), Map.of(Severity.P3,
        ComponentState.MAJOR_OUTAGE), List.of());

    StatusView view = StatusView.of(config, List.of(open("INC-1", Severity.P3, NOW, "checkout")), NOW);

    assertThat(view.indicator()).isEqualTo("critical");
    assertThat(view.description()).isEqualTo("Major System Outage");
  }

  @Test
  void anyIncidentOutranksMaintenanceInTheIndicator() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(API, DB), StatusPageConfig.DEFAULT_STATES,
        List.of(maintenance("now", List.of("db"), NOW.minusSeconds(3600), NOW.plusSeconds(3600))));

    StatusView view = StatusView.of(config, List.of(open("INC-1", Severity.P3, NOW, "checkout")), NOW);

    assertThat(view.indicator()).isEqualTo("minor");
    assertThat(view.description()).isEqualTo("Minor Service Outage");
  }

  @Test
  void activeIncidentsAreTheOpenPublicOnesNewestFirst() {
    StatusView view = StatusView.of(config(API, DB), List.of(
        open("INC-A", Severity.P2, NOW.minusSeconds(3 * 3600), "checkout"),
        open("INC-B", Severity.P1, NOW.minusSeconds(3600), "postgres"),
        open("INC-C", Severity.P0, NOW.minusSeconds(60), "billing"),
        resolved("INC-D", Severity.P0, NOW.minusSeconds(7200), NOW.minusSeconds(60), "checkout")), NOW);

    assertThat(view.active()).extracting(IncidentSummary::id).containsExactly("INC-B", "INC-A");
  }

  @Test
  void historyHoldsPublicIncidentsResolvedInTheLastFourteenDaysNewestFirst() {
    Duration day = Duration.ofDays(1);
    StatusView view = StatusView.of(config(API, DB), List.of(
        resolved("INC-13D", Severity.P1, NOW.minus(day.multipliedBy(13)),
            NOW.minus(day.multipliedBy(13)).plusSeconds(60), "checkout"),
        resolved("INC-1D", Severity.P2, NOW.minus(day.multipliedBy(2)), NOW.minus(day), "postgres"),
        resolved("INC-15D", Severity.P0, NOW.minus(day.multipliedBy(15)),
            NOW.minus(day.multipliedBy(15)).plusSeconds(60), "checkout"),
        resolved("INC-PRIVATE", Severity.P0, NOW.minusSeconds(7200), NOW.minusSeconds(3600), "billing"),
        falsePositive(resolved("INC-FP", Severity.P0, NOW.minusSeconds(7200), NOW.minusSeconds(3600), "checkout")),
        open("INC-OPEN", Severity.P3, NOW.minusSeconds(60), "checkout")), NOW);

    assertThat(view.history()).extracting(IncidentSummary::id).containsExactly("INC-1D", "INC-13D");
    assertThat(view.active()).extracting(IncidentSummary::id).containsExactly("INC-OPEN");
  }

  @Test
  void uptimeCoversExactlyNinetyDaysEndingToday() {
    StatusView view = StatusView.of(config(API), List.of(), NOW);

    List<StatusView.Day> days = view.uptime().get("api");
    assertThat(days).hasSize(90);
    assertThat(days.get(0).date()).isEqualTo(LocalDate.parse("2026-09-12"));
    assertThat(days.get(89).date()).isEqualTo(TODAY);
    assertThat(days).extracting(StatusView.Day::uptimePercent).containsOnly(100.0);
    assertThat(days).extracting(StatusView.Day::worst).containsOnly(ComponentState.OPERATIONAL);
    assertThat(view.uptimePercent("api")).isEqualTo(100.0);
  }

  @Test
  void aSixHourMajorOutageLeavesItsDaySeventyFivePercent() {
    StatusView view = StatusView.of(config(API), List.of(resolved("INC-1", Severity.P0,
        Instant.parse("2026-12-05T08:00:00Z"), Instant.parse("2026-12-05T14:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-05").uptimePercent()).isEqualTo(75.0);
    assertThat(day(view, "2026-12-05").worst()).isEqualTo(ComponentState.MAJOR_OUTAGE);
    assertThat(day(view, "2026-12-04").uptimePercent()).isEqualTo(100.0);
    assertThat(day(view, "2026-12-06").uptimePercent()).isEqualTo(100.0);
    assertThat(view.uptimePercent("api")).isCloseTo((89 * 100.0 + 75.0) / 90, within(1e-9));
  }

  @Test
  void aTenHourPartialOutageCountsThirtyPercentOfItsTime() {
    StatusView view = StatusView.of(config(API), List.of(resolved("INC-1", Severity.P1,
        Instant.parse("2026-12-05T08:00:00Z"), Instant.parse("2026-12-05T18:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-05").uptimePercent()).isCloseTo(87.5, within(1e-9));
    assertThat(day(view, "2026-12-05").worst()).isEqualTo(ComponentState.PARTIAL_OUTAGE);
  }

  @Test
  void degradedPerformanceCostsNoUptime() {
    StatusView view = StatusView.of(config(API), List.of(resolved("INC-1", Severity.P2,
        Instant.parse("2026-12-05T08:00:00Z"), Instant.parse("2026-12-05T18:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-05").uptimePercent()).isEqualTo(100.0);
    assertThat(day(view, "2026-12-05").worst()).isEqualTo(ComponentState.DEGRADED_PERFORMANCE);
    assertThat(view.uptimePercent("api")).isEqualTo(100.0);
  }

  @Test
  void anOutageAcrossMidnightCountsOnBothDays() {
    StatusView view = StatusView.of(config(API), List.of(resolved("INC-1", Severity.P0,
        Instant.parse("2026-12-03T21:00:00Z"), Instant.parse("2026-12-04T03:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-03").uptimePercent()).isEqualTo(87.5);
    assertThat(day(view, "2026-12-04").uptimePercent()).isEqualTo(87.5);
  }

  @Test
  void anOpenIncidentCountsUntilNow() {
    StatusView view = StatusView.of(config(API), List.of(open("INC-1", Severity.P0,
        Instant.parse("2026-12-09T18:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-09").uptimePercent()).isEqualTo(75.0);
    assertThat(day(view, "2026-12-10").uptimePercent()).isEqualTo(0.0);
    assertThat(day(view, "2026-12-08").uptimePercent()).isEqualTo(100.0);
  }

  @Test
  void todayIsMeasuredUpToNow() {
    StatusView view = StatusView.of(config(API), List.of(resolved("INC-1", Severity.P0,
        Instant.parse("2026-12-10T06:00:00Z"), Instant.parse("2026-12-10T09:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-10").uptimePercent()).isEqualTo(75.0);
  }

  @Test
  void onlyThePartOfAnIncidentInsideTheWindowCounts() {
    StatusView view = StatusView.of(config(API), List.of(
        resolved("INC-1", Severity.P0, Instant.parse("2026-09-11T12:00:00Z"), Instant.parse("2026-09-12T06:00:00Z"),
            "checkout"),
        resolved("INC-2", Severity.P0, Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-09-11T23:00:00Z"),
            "checkout")), NOW);

    List<StatusView.Day> days = view.uptime().get("api");
    assertThat(days.get(0).date()).isEqualTo(LocalDate.parse("2026-09-12"));
    assertThat(days.get(0).uptimePercent()).isEqualTo(75.0);
    assertThat(days.subList(1, 90)).extracting(StatusView.Day::uptimePercent).containsOnly(100.0);
  }

  @Test
  void falsePositivesCostNoUptime() {
    StatusView view = StatusView.of(config(API), List.of(falsePositive(resolved("INC-1", Severity.P0,
        Instant.parse("2026-12-05T08:00:00Z"), Instant.parse("2026-12-05T14:00:00Z"), "checkout"))), NOW);

    assertThat(day(view, "2026-12-05").uptimePercent()).isEqualTo(100.0);
    assertThat(day(view, "2026-12-05").worst()).isEqualTo(ComponentState.OPERATIONAL);
  }

  @Test
  void uptimeUsesTheConfiguredSeverityMap() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(API),
        Map.of(Severity.P3, ComponentState.MAJOR_OUTAGE), List.of());

    StatusView view = StatusView.of(config, List.of(resolved("INC-1", Severity.P3,
        Instant.parse("2026-12-05T00:00:00Z"), Instant.parse("2026-12-05T12:00:00Z"), "checkout")), NOW);

    assertThat(day(view, "2026-12-05").uptimePercent()).isEqualTo(50.0);
  }

  @Test
  void theImpactOfASeverityIsStatuspagesName() {
    assertThat(StatusView.impact(Severity.P0)).isEqualTo("critical");
    assertThat(StatusView.impact(Severity.P1)).isEqualTo("major");
    assertThat(StatusView.impact(Severity.P2)).isEqualTo("minor");
    assertThat(StatusView.impact(Severity.P3)).isEqualTo("minor");
  }

  private static List<String> indicatorWith(Severity severity) {
    StatusView view = StatusView.of(config(API, DB), List.of(open("INC-1", Severity.P3, NOW, "postgres"),
        open("INC-2", severity, NOW, "checkout")), NOW);
    return List.of(view.indicator(), view.description());
  }

  private static StatusView.Day day(StatusView view, String date) {
    return view.uptime().get("api").stream().filter(d -> d.date().equals(LocalDate.parse(date))).findFirst()
        .orElseThrow();
  }

  private static StatusPageConfig.Maintenance maintenance(String id, List<String> components, Instant startsAt,
      Instant endsAt) {
    return new StatusPageConfig.Maintenance(id, "Maintenance " + id, null, components, startsAt, endsAt);
  }

  @Test
  void overlappingOutagesOnOneComponentCountOnce() {
    Instant eight = Instant.parse("2026-12-05T08:00:00Z");
    Instant two = Instant.parse("2026-12-05T14:00:00Z");
    StatusView view = StatusView.of(config(API), List.of(resolved("INC-1", Severity.P0, eight, two, "checkout"),
        resolved("INC-2", Severity.P0, eight, two, "payments"),
        resolved("INC-3", Severity.P1, eight.plusSeconds(3600), two.plusSeconds(3600), "checkout")), NOW);

    // 6 h of major outage, then 1 h in which only the partial outage remains (weighted 0.3).
    assertThat(day(view, "2026-12-05").uptimePercent()).isCloseTo(100.0 * (1 - (6 + 0.3) / 24.0), within(1e-9));
  }

  @Test
  void aComponentOfEveryServiceIsAffectedByEveryIncidentAsTheDemoPageShows() {
    StatusView view = StatusView.of(StatusPageConfig.DEMO, List.of(open("INC-1", Severity.P1, NOW.minusSeconds(60),
        "anything")), NOW);

    assertThat(view.states()).containsExactly(entry("all", ComponentState.PARTIAL_OUTAGE));
    assertThat(view.active()).extracting(IncidentSummary::id).containsExactly("INC-1");
    assertThat(StatusView.of(StatusPageConfig.NONE, List.of(open("INC-1", Severity.P1, NOW.minusSeconds(60),
        "anything")), NOW).active()).as("without a page, nothing is public").isEmpty();
  }

  @Test
  void aComponentMayBeMappedByLabelsEveryOneOfWhichMustMatch() {
    StatusPageConfig.Component edge = new StatusPageConfig.Component("edge", "Edge", null, null, Set.of(),
        Map.of("team", "edge", "env", "prod"), null);
    IncidentSummary matching = new IncidentSummary("INC-1", "g1", "t", Severity.P0,
        dev.tocsin.avro.IncidentStatus.TRIGGERED, dev.tocsin.avro.PublicStatus.INVESTIGATING, NOW, NOW, null, Set.of(),
        List.of(), Map.of("team", "edge", "env", "prod", "pod", "x"), null, 1, 1, 1, NOW, null, false);
    IncidentSummary staging = new IncidentSummary("INC-2", "g2", "t", Severity.P0,
        dev.tocsin.avro.IncidentStatus.TRIGGERED, dev.tocsin.avro.PublicStatus.INVESTIGATING, NOW, NOW, null, Set.of(),
        List.of(), Map.of("team", "edge", "env", "staging"), null, 1, 1, 1, NOW, null, false);

    assertThat(StatusView.affects(matching, edge)).isTrue();
    assertThat(StatusView.affects(staging, edge)).isFalse();
  }
}
