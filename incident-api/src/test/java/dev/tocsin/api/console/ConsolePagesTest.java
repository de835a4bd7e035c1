package dev.tocsin.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.api.review.ErrorBudgets;
import dev.tocsin.api.review.IncidentFigures;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsolePagesTest {
  private static final Instant SINCE = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-04-01T00:00:00Z");
  private static final Viewer VIEWER = new Viewer("alice", true, "csrf-token");
  private static final ErrorBudgets.Objective CHECKOUT =
      new ErrorBudgets.Objective("checkout", 99.9, Duration.ofDays(30), Set.of(Severity.P0, Severity.P1));

  // parseForm

  @Test
  void parseFormDecodesNamesAndValuesInOrder() {
    Map<String, List<String>> form = ConsoleHandler.parseForm("a=1&b=x+y&b=%C3%A9&c&=v");

    assertThat(form).containsExactly(
        Map.entry("a", List.of("1")),
        Map.entry("b", List.of("x y", "é")),
        Map.entry("c", List.of("")),
        Map.entry("", List.of("v")));
  }

  @Test
  void parseFormKeepsRepeatedValuesInTheirOrder() {
    Map<String, List<String>> form = ConsoleHandler.parseForm("id=3&note=x&id=1&id=2&id=1");

    assertThat(form.get("id")).containsExactly("3", "1", "2", "1");
    assertThat(form.get("note")).containsExactly("x");
    assertThat(form.keySet()).containsExactly("id", "note");
  }

  @Test
  void parseFormSkipsAPairWithABrokenEscapeAndKeepsTheRest() {
    Map<String, List<String>> form = ConsoleHandler.parseForm("a=1&b=%zz&c=%E&%G1=x&d=2%202&a=3");

    assertThat(form).containsExactly(
        Map.entry("a", List.of("1", "3")),
        Map.entry("d", List.of("2 2")));
  }

  @Test
  void parseFormDecodesEscapedSeparatorsAndSkipsEmptyPairs() {
    assertThat(ConsoleHandler.parseForm("q=a%26b%3Dc&&&r=%2B")).containsExactly(
        Map.entry("q", List.of("a&b=c")),
        Map.entry("r", List.of("+")));
    assertThat(ConsoleHandler.parseForm("")).isEmpty();
    assertThat(ConsoleHandler.parseForm("&&")).isEmpty();
  }

  // ListPage.age

  @Test
  void anAgeUnderAMinuteIsJustNow() {
    assertThat(ListPage.age(Duration.ZERO)).isEqualTo("just now");
    assertThat(ListPage.age(Duration.ofSeconds(59))).isEqualTo("just now");
    assertThat(ListPage.age(Duration.ofMillis(59_999))).isEqualTo("just now");
  }

  @Test
  void aNegativeAgeIsJustNow() {
    assertThat(ListPage.age(Duration.ofSeconds(-1))).isEqualTo("just now");
    assertThat(ListPage.age(Duration.ofDays(-3))).isEqualTo("just now");
  }

  @Test
  void anAgeUnderAnHourIsInMinutes() {
    assertThat(ListPage.age(Duration.ofMinutes(1))).isEqualTo("1m");
    assertThat(ListPage.age(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(ListPage.age(Duration.ofMinutes(5).plusSeconds(59))).isEqualTo("5m");
    assertThat(ListPage.age(Duration.ofMinutes(59).plusSeconds(59))).isEqualTo("59m");
  }

  @Test
  void anAgeUnderADayIsInHoursAndMinutes() {
    assertThat(ListPage.age(Duration.ofHours(2).plusMinutes(5))).isEqualTo("2h 5m");
    assertThat(ListPage.age(Duration.ofHours(1))).isEqualTo("1h 0m");
    assertThat(ListPage.age(Duration.ofHours(23).plusMinutes(59).plusSeconds(59))).isEqualTo("23h 59m");
  }

  @Test
  void anAgeOfADayOrMoreIsInDaysAndHours() {
    assertThat(ListPage.age(Duration.ofDays(3).plusHours(4))).isEqualTo("3d 4h");
    assertThat(ListPage.age(Duration.ofDays(3).plusHours(4).plusMinutes(59))).isEqualTo("3d 4h");
    assertThat(ListPage.age(Duration.ofDays(1))).isEqualTo("1d 0h");
    assertThat(ListPage.age(Duration.ofDays(40).plusHours(23))).isEqualTo("40d 23h");
  }

  // IncidentPage.safeLink

  @ParameterizedTest
  @ValueSource(strings = {"http://grafana.example/d/abc", "https://runbooks.example/checkout#5xx",
      "HTTPS://RUNBOOKS.EXAMPLE/X", "Http://prometheus.example:9090/graph?g0.expr=up"})
  void httpAndHttpsLinksAreKeptAsGiven(String url) {
    assertThat(IncidentPage.safeLink(url)).isEqualTo(url);
  }

  @Test
  void aLinkIsKeptWithoutSurroundingWhitespace() {
    assertThat(IncidentPage.safeLink("  https://runbooks.example/x \n")).isEqualTo("https://runbooks.example/x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,<script>alert(1)</script>",
      "/runbooks/checkout", "runbooks/checkout", "//evil.example/x", "ftp://files.example/x",
      "vbscript:msgbox(1)", "https:evil.example", "", "   "})
  void otherLinksAreDropped(String url) {
    assertThat(IncidentPage.safeLink(url)).isNull();
  }

  @Test
  void anIncidentWhoseSnapshotListsSomeOfItsAlertsSaysHowManyThereAre() {
    IncidentAlert listed = IncidentAlert.newBuilder().setFingerprint("a1")
        .setStatus(AlertStatus.FIRING).setLabels(Map.of("alertname", "Down"))
        .setStartsAt(Instant.EPOCH).setSeverity(Severity.P2).build();
    Incident.Builder incident = Incident.newBuilder().setId("INC-7K2M9QXD")
        .setGroupKey("g").setTitle("Down").setSeverity(Severity.P2)
        .setStatus(IncidentStatus.TRIGGERED).setPublicStatus(PublicStatus.INVESTIGATING)
        .setOpenedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).setAlerts(List.of(listed));

    assertThat(IncidentPage.alertsNote(incident.setAlertCount(30).setFiringCount(12).build()))
        .isEqualTo("Showing 1 of 30 alerts (12 firing): the one that opened the incident and the latest; "
            + "the timeline names every one.");
    assertThat(IncidentPage.alertsNote(incident.setAlertCount(1).setFiringCount(1).build())).isEmpty();
    assertThat(IncidentPage.alertsNote(incident.setAlertCount(0).setFiringCount(0).build()))
        .as("a snapshot from before the counts lists every alert").isEmpty();
  }

  @Test
  void noLinkStaysNoLink() {
    assertThat(IncidentPage.safeLink(null)).isNull();
  }

  // FiguresPage.of

  @Test
  void figuresHaveThreeBarsPerSeverityWithWidthsProportionalToTheLongestValue() {
    Instant opened = SINCE.plusSeconds(86_400);
    IncidentFigures figures = IncidentFigures.of(List.of(
        summary("p0", Severity.P0, opened, opened.minusSeconds(60), opened.plusSeconds(120),
            opened.plusSeconds(1_200), false),
        summary("p2", Severity.P2, opened, opened.minusSeconds(30), opened.plusSeconds(300),
            opened.plusSeconds(600), false)), SINCE, UNTIL);

    FiguresPage page = FiguresPage.of(VIEWER, figures, List.of());

    assertThat(page.viewer()).isEqualTo(VIEWER);
    assertThat(page.incidents()).isEqualTo(2);
    assertThat(page.bars()).containsExactly(
        new FiguresPage.Bar("P0 MTTD", "1m", 16, 0, "mttd"),
        new FiguresPage.Bar("P0 MTTA", "2m", 32, 18, "mtta"),
        new FiguresPage.Bar("P0 MTTR", "20m", 320, 36, "mttr"),
        new FiguresPage.Bar("P2 MTTD", "30s", 8, 64, "mttd"),
        new FiguresPage.Bar("P2 MTTA", "5m", 80, 82, "mtta"),
        new FiguresPage.Bar("P2 MTTR", "10m", 160, 100, "mttr"));
    assertThat(page.bars()).extracting(FiguresPage.Bar::width).allMatch(w -> w <= FiguresPage.CHART_WIDTH);
    assertThat(FiguresPage.CHART_WIDTH).isEqualTo(320);
  }

  @Test
  void aSeverityWithoutIncidentsHasNoBars() {
    Instant opened = SINCE.plusSeconds(86_400);
    IncidentFigures figures = IncidentFigures.of(List.of(
        summary("p1", Severity.P1, opened, opened.minusSeconds(90), opened.plusSeconds(45),
            opened.plusSeconds(900), false)), SINCE, UNTIL);

    FiguresPage page = FiguresPage.of(VIEWER, figures, List.of());

    assertThat(page.bars()).extracting(FiguresPage.Bar::label)
        .containsExactly("P1 MTTD", "P1 MTTA", "P1 MTTR");
    assertThat(page.bars()).extracting(FiguresPage.Bar::y).containsExactly(0, 18, 36);
    assertThat(page.bars()).extracting(FiguresPage.Bar::width).containsExactly(32, 16, 320);
    assertThat(page.bars()).noneMatch(bar -> bar.label().startsWith("P0") || bar.label().startsWith("P2")
        || bar.label().startsWith("P3"));
  }

  @Test
  void aFigureNothingMeasuresHasAnEmptyBarAndADash() {
    Instant opened = SINCE.plusSeconds(86_400);
    IncidentFigures figures = IncidentFigures.of(List.of(
        summary("open", Severity.P3, opened, opened.minusSeconds(600), null, null, false)), SINCE, UNTIL);

    FiguresPage page = FiguresPage.of(VIEWER, figures, List.of());

    assertThat(page.bars()).containsExactly(
        new FiguresPage.Bar("P3 MTTD", "10m", 320, 0, "mttd"),
        new FiguresPage.Bar("P3 MTTA", "–", 0, 18, "mtta"),
        new FiguresPage.Bar("P3 MTTR", "–", 0, 36, "mttr"));
  }

  @Test
  void noIncidentsMeanNoBarsAndNoFalsePositiveRate() {
    FiguresPage page = FiguresPage.of(VIEWER, IncidentFigures.of(List.of(), SINCE, UNTIL), List.of());

    assertThat(page.bars()).isEmpty();
    assertThat(page.incidents()).isZero();
    assertThat(page.falsePositiveRate()).isEqualTo("–");
    assertThat(page.services()).isEmpty();
    assertThat(page.budgets()).isEmpty();
  }

  @Test
  void theFalsePositiveRateIsAPercentWithOneDecimal() {
    Instant opened = SINCE.plusSeconds(86_400);
    IncidentFigures figures = IncidentFigures.of(List.of(
        summary("a", Severity.P1, opened, opened, null, null, true),
        summary("b", Severity.P1, opened, opened, null, null, false),
        summary("c", Severity.P2, opened, opened, null, null, false)), SINCE, UNTIL);

    FiguresPage page = FiguresPage.of(VIEWER, figures, List.of());

    assertThat(page.incidents()).isEqualTo(3);
    assertThat(page.falsePositiveRate()).isEqualTo("33.3%");
  }

  @Test
  void eachServiceShowsItsCountAndMeanTimeBetweenIncidents() {
    Instant opened = SINCE.plusSeconds(86_400);
    IncidentFigures figures = IncidentFigures.of(List.of(
        summary("a", Severity.P1, opened, opened, null, null, false),
        summary("b", Severity.P1, opened.plusSeconds(5_400), opened.plusSeconds(5_400), null, null, false)),
        SINCE, UNTIL);

    FiguresPage page = FiguresPage.of(VIEWER, figures, List.of());

    assertThat(page.services()).containsExactly(new FiguresPage.ServiceRow("checkout", 2, "1h30m"));
  }

  @Test
  void aBudgetWithinItsAllowanceIsNotSpentAndItsBarIsProportional() {
    ErrorBudgets.Budget half = new ErrorBudgets.Budget(CHECKOUT, Duration.ofSeconds(2_592),
        Duration.ofSeconds(1_296), 2);

    FiguresPage page = FiguresPage.of(VIEWER, IncidentFigures.of(List.of(), SINCE, UNTIL), List.of(half));

    assertThat(page.budgets()).containsExactly(new FiguresPage.BudgetRow("checkout", "99.900% over 30d",
        "43m12s", "21m36s", "21m36s", "50.0%", 160, false));
  }

  @Test
  void aSpentBudgetIsFlaggedAndItsBarCappedAtTheChartWidth() {
    ErrorBudgets.Budget spent = new ErrorBudgets.Budget(CHECKOUT, Duration.ofSeconds(2_592),
        Duration.ofHours(1), 3);

    FiguresPage page = FiguresPage.of(VIEWER, IncidentFigures.of(List.of(), SINCE, UNTIL), List.of(spent));

    assertThat(page.budgets()).containsExactly(new FiguresPage.BudgetRow("checkout", "99.900% over 30d",
        "43m12s", "1h", "-16m48s", "138.9%", 320, true));
  }

  @Test
  void aBudgetUsedUpExactlyIsSpent() {
    ErrorBudgets.Budget exact = new ErrorBudgets.Budget(CHECKOUT, Duration.ofSeconds(2_592),
        Duration.ofSeconds(2_592), 1);

    FiguresPage.BudgetRow row = FiguresPage.of(VIEWER, IncidentFigures.of(List.of(), SINCE, UNTIL), List.of(exact))
        .budgets().get(0);

    assertThat(row.consumedPercent()).isEqualTo("100.0%");
    assertThat(row.remaining()).isEqualTo("0s");
    assertThat(row.width()).isEqualTo(320);
    assertThat(row.spent()).isTrue();
  }

  @Test
  void aBudgetThatAllowsNothingIsSpentByAnyDowntime() {
    ErrorBudgets.Objective perfect =
        new ErrorBudgets.Objective("payments", 100.0, Duration.ofDays(7), Set.of(Severity.P0));
    ErrorBudgets.Budget none = new ErrorBudgets.Budget(perfect, Duration.ZERO, Duration.ofMinutes(5), 1);
    ErrorBudgets.Budget untouched = new ErrorBudgets.Budget(perfect, Duration.ZERO, Duration.ZERO, 0);

    List<FiguresPage.BudgetRow> rows = FiguresPage.of(VIEWER, IncidentFigures.of(List.of(), SINCE, UNTIL),
        List.of(none, untouched)).budgets();

    assertThat(rows).containsExactly(
        new FiguresPage.BudgetRow("payments", "100.000% over 1w", "0s", "5m", "-5m", "∞", 320, true),
        new FiguresPage.BudgetRow("payments", "100.000% over 1w", "0s", "0s", "0s", "0.0%", 0, false));
  }

  /** An incident of the checkout service with one alert that started at {@code detected}. */
  private static IncidentSummary summary(String id, Severity severity, Instant opened, Instant detected,
      Instant acknowledged, Instant resolved, boolean falsePositive) {
    IncidentStatus status = resolved != null ? IncidentStatus.RESOLVED
        : acknowledged != null ? IncidentStatus.ACKNOWLEDGED : IncidentStatus.TRIGGERED;
    return new IncidentSummary("INC-" + id, "{}:{alertname=\"" + id + "\"}", "Incident " + id, severity, status,
        resolved != null ? PublicStatus.RESOLVED : PublicStatus.INVESTIGATING, opened,
        resolved != null ? resolved : acknowledged != null ? acknowledged : opened, resolved, Set.of("checkout"),
        List.of(), Map.of("alertname", id), null, 1, resolved == null ? 1 : 0, 3L, detected, acknowledged,
        falsePositive);
  }
}
