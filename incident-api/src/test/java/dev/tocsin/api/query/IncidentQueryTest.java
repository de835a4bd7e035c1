package dev.tocsin.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.api.readmodel.IncidentCatalog;
import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentQueryTest {
  private static final SeverityAliases ALIASES = SeverityAliases.defaults();
  private static final Instant OPENED = Instant.parse("2026-12-01T09:30:00Z");

  // ---- parsing ----------------------------------------------------------------------------

  @Test
  void anEmptyQueryMatchesEverythingWithTheDefaultLimitAndNoCursor() {
    IncidentQuery query = valid(Map.of());

    assertThat(query.statuses()).isEmpty();
    assertThat(query.severities()).isEmpty();
    assertThat(query.services()).isEmpty();
    assertThat(query.components()).isEmpty();
    assertThat(query.labels()).isEmpty();
    assertThat(query.since()).isNull();
    assertThat(query.until()).isNull();
    assertThat(query.words()).isEmpty();
    assertThat(query.limit()).isEqualTo(IncidentQuery.DEFAULT_LIMIT).isEqualTo(50);
    assertThat(query.after()).isNull();
  }

  @Test
  void statusOpenMeansTriggeredOrAcknowledged() {
    assertThat(valid(Map.of("status", List.of("open"))).statuses())
        .containsExactlyInAnyOrder(IncidentStatus.TRIGGERED, IncidentStatus.ACKNOWLEDGED);
  }

  @ParameterizedTest
  @CsvSource({"triggered, TRIGGERED", "acknowledged, ACKNOWLEDGED", "resolved, RESOLVED", "RESOLVED, RESOLVED",
      "Acknowledged, ACKNOWLEDGED"})
  void parsesEachStatusInAnyCase(String given, IncidentStatus expected) {
    assertThat(valid(Map.of("status", List.of(given))).statuses()).containsExactly(expected);
  }

  @Test
  void takesCommaSeparatedAndRepeatedValuesAsAlternatives() {
    assertThat(valid(Map.of("status", List.of("triggered,resolved"))).statuses())
        .containsExactlyInAnyOrder(IncidentStatus.TRIGGERED, IncidentStatus.RESOLVED);
    assertThat(valid(Map.of("status", List.of("acknowledged", "resolved"))).statuses())
        .containsExactlyInAnyOrder(IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED);
    assertThat(valid(Map.of("service", List.of("checkout, payments", "search"))).services())
        .containsExactly("checkout", "payments", "search");
    assertThat(valid(Map.of("component", List.of("api_gateway,,database"))).components())
        .containsExactly("api_gateway", "database");
  }

  @Test
  void refusesAnUnknownStatusQuotingIt() {
    assertThat(problems(Map.of("status", List.of("closed"))))
        .containsExactly("query.status: 'closed' is not one of open, triggered, acknowledged, resolved");
  }

  @ParameterizedTest
  @CsvSource({"P0, P0", "p1, P1", "critical, P0", "CRITICAL, P0", "high, P1", "SEV-3, P2", "sev3, P2",
      "warning, P2", "low, P3", "info, P3", "page, P0"})
  void parsesSeveritiesByTheirAliases(String given, Severity expected) {
    assertThat(valid(Map.of("severity", List.of(given))).severities()).containsExactly(expected);
  }

  @Test
  void takesSeveralSeveritiesAndRefusesAnUnknownOne() {
    assertThat(valid(Map.of("severity", List.of("critical,SEV-3", "p3"))).severities())
        .containsExactlyInAnyOrder(Severity.P0, Severity.P2, Severity.P3);
    assertThat(problems(Map.of("severity", List.of("P9"))))
        .singleElement().asString().startsWith("query.severity: 'P9' is not a severity");
  }

  @Test
  void parsesLabelEqualityAndInequality() {
    IncidentQuery query = valid(Map.of("label", List.of("env=prod", " team != payments ", "region=eu=west")));

    assertThat(query.labels()).containsExactly(
        new IncidentQuery.LabelFilter("env", "prod", true),
        new IncidentQuery.LabelFilter("team", "payments", false),
        new IncidentQuery.LabelFilter("region", "eu=west", true));
  }

  @Test
  void labelRegexMatchersAreAnchoredAsAlertmanagersAndABadOneIsNamed() {
    IncidentQuery query = valid(Map.of("label", List.of("env=~prod|staging", "team!~pay.*")));
    Map<String, String> prodPlatform = Map.of("env", "prod", "team", "platform");
    Map<String, String> production = Map.of("env", "production", "team", "platform");
    Map<String, String> prodPayments = Map.of("env", "prod", "team", "payments");

    assertThat(query.labels()).allSatisfy(l -> assertThat(l.regex()).isNotNull());
    assertThat(query.labels().get(0).test(prodPlatform)).isTrue();
    assertThat(query.labels().get(0).test(production)).as("anchored: prod|staging is not a substring match").isFalse();
    assertThat(query.labels().get(1).test(prodPayments)).isFalse();
    assertThat(query.labels().get(1).test(Map.of())).as("a missing label is the empty string").isTrue();
    assertThat(problems(Map.of("label", List.of("env=~(prod")))).singleElement().asString()
        .startsWith("query.label: '(prod' is not a regular expression");
  }

  @ParameterizedTest
  @ValueSource(strings = {"env", "=prod", "env:prod"})
  void refusesALabelWithoutAName(String label) {
    assertThat(problems(Map.of("label", List.of(label))))
        .containsExactly("query.label: '" + label + "' is not name=value, name!=value, name=~regex or name!~regex");
  }

  @Test
  void parsesSinceAndUntilAsRfc3339() {
    IncidentQuery query = valid(Map.of("since", List.of("2026-12-01T09:30:00Z"),
        "until", List.of("2026-12-02T10:00:00.250Z")));

    assertThat(query.since()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    assertThat(query.until()).isEqualTo(Instant.ofEpochMilli(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli() + 250));
  }

  @Test
  void parsesAnRfc3339TimeWithAnOffset() {
    assertThat(valid(Map.of("since", List.of("2026-12-01T10:30:00+01:00"))).since())
        .isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
  }

  @Test
  void refusesTimesThatAreNotRfc3339OrOutOfOrder() {
    assertThat(problems(Map.of("since", List.of("yesterday"))))
        .containsExactly("query.since: 'yesterday' is not an RFC 3339 time such as 2026-12-01T09:30:00Z");
    assertThat(problems(Map.of("until", List.of("2026-12-01"))))
        .containsExactly("query.until: '2026-12-01' is not an RFC 3339 time such as 2026-12-01T09:30:00Z");
    assertThat(problems(Map.of("since", List.of("2026-12-02T00:00:00Z"), "until", List.of("2026-12-01T00:00:00Z"))))
        .containsExactly("query.until: is before since");
    assertThat(problems(Map.of("since", List.of("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"))))
        .containsExactly("query.since: given more than once");
  }

  @Test
  void splitsQIntoLowerCaseWords() {
    assertThat(valid(Map.of("q", List.of("  Checkout   LATENCY ", "eu"))).words())
        .containsExactly("checkout", "latency", "eu");
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "20, 20", "' 75 ', 75", "200, 200"})
  void acceptsALimitFromOneToTheMaximum(String given, int expected) {
    assertThat(valid(Map.of("limit", List.of(given))).limit()).isEqualTo(expected);
  }

  @Test
  void refusesALimitAboveTheMaximumNamingTheParameter() {
    assertThat(IncidentQuery.MAX_LIMIT).isEqualTo(200);
    assertThat(problems(Map.of("limit", List.of("201"))))
        .containsExactly("query.limit: must be between 1 and 200, got 201");
  }

  @Test
  void refusesALimitBelowOneOrNotANumberOrGivenTwice() {
    assertThat(problems(Map.of("limit", List.of("0")))).containsExactly("query.limit: must be between 1 and 200, got 0");
    assertThat(problems(Map.of("limit", List.of("-5"))))
        .containsExactly("query.limit: must be between 1 and 200, got -5");
    assertThat(problems(Map.of("limit", List.of("ten")))).containsExactly("query.limit: 'ten' is not a whole number");
    assertThat(problems(Map.of("limit", List.of("2.5")))).containsExactly("query.limit: '2.5' is not a whole number");
    assertThat(problems(Map.of("limit", List.of("10", "20")))).containsExactly("query.limit: given more than once");
  }

  @Test
  void aCursorHandedOutContinuesAfterThatIncident() {
    IncidentSummary last = summary("INC-7K2M9QXD", "Checkout latency", Severity.P1, IncidentStatus.TRIGGERED,
        Instant.parse("2026-12-01T09:30:00.123Z"), Set.of(), List.of(), Map.of());

    String cursor = IncidentQuery.cursorAfter(last);

    assertThat(cursor).doesNotContain("INC-7K2M9QXD").doesNotContain("=");
    assertThat(valid(Map.of("cursor", List.of(cursor))).after())
        .isEqualTo(new IncidentCatalog.Position(Instant.parse("2026-12-01T09:30:00.123Z").toEpochMilli(),
            "INC-7K2M9QXD"));
  }

  @Test
  void theCursorIsTheSameForTheSamePosition() {
    IncidentSummary one = summary("INC-1", "a", Severity.P1, IncidentStatus.TRIGGERED, OPENED, Set.of(), List.of(),
        Map.of());
    IncidentSummary same = summary("INC-1", "b", Severity.P3, IncidentStatus.RESOLVED, OPENED, Set.of("x"),
        List.of(), Map.of());
    IncidentSummary other = summary("INC-2", "a", Severity.P1, IncidentStatus.TRIGGERED, OPENED, Set.of(), List.of(),
        Map.of());

    assertThat(IncidentQuery.cursorAfter(one)).isEqualTo(IncidentQuery.cursorAfter(same))
        .isNotEqualTo(IncidentQuery.cursorAfter(other));
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!", "bm8tY29sb24", "YWJjOklOQy0x", "MTIzOg", "OklOQy0x"})
  void refusesACursorItDidNotHandOut(String cursor) {
    // "no-colon", "abc:INC-1", "123:", ":INC-1" in URL-safe base64
    assertThat(problems(Map.of("cursor", List.of(cursor))))
        .containsExactly("query.cursor: not a cursor this API handed out");
  }

  @Test
  void refusesTwoCursors() {
    String cursor = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("1700000000000:INC-1".getBytes(StandardCharsets.UTF_8));
    assertThat(valid(Map.of("cursor", List.of(cursor))).after())
        .isEqualTo(new IncidentCatalog.Position(1_700_000_000_000L, "INC-1"));
    assertThat(problems(Map.of("cursor", List.of(cursor, cursor)))).containsExactly("query.cursor: given more than once");
  }

  @Test
  void reportsUnknownParametersSortedByName() {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("sort", List.of("newest"));
    parameters.put("page", List.of("2"));
    parameters.put("status", List.of("open"));

    assertThat(problems(parameters)).containsExactly(
        "query.page: unknown parameter (expected one of status, severity, service, component, label, since, until, "
            + "q, limit, cursor)",
        "query.sort: unknown parameter (expected one of status, severity, service, component, label, since, until, "
            + "q, limit, cursor)");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("status", List.of("open,closed"));
    parameters.put("severity", List.of("urgent"));
    parameters.put("label", List.of("env"));
    parameters.put("since", List.of("today"));
    parameters.put("limit", List.of("500"));
    parameters.put("cursor", List.of("!!!"));
    parameters.put("order", List.of("asc"));

    assertThat(problems(parameters))
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactly("query.order", "query.status", "query.severity", "query.label", "query.since", "query.limit",
            "query.cursor");
  }

  // ---- filtering ----------------------------------------------------------------------------

  @Test
  void filtersOnStatus() {
    IncidentQuery open = valid(Map.of("status", List.of("open")));

    assertThat(open.test(withStatus(IncidentStatus.TRIGGERED))).isTrue();
    assertThat(open.test(withStatus(IncidentStatus.ACKNOWLEDGED))).isTrue();
    assertThat(open.test(withStatus(IncidentStatus.RESOLVED))).isFalse();
    assertThat(valid(Map.of("status", List.of("resolved"))).test(withStatus(IncidentStatus.TRIGGERED))).isFalse();
  }

  @Test
  void filtersOnSeverity() {
    IncidentQuery query = valid(Map.of("severity", List.of("critical,high")));

    assertThat(query.test(withSeverity(Severity.P0))).isTrue();
    assertThat(query.test(withSeverity(Severity.P1))).isTrue();
    assertThat(query.test(withSeverity(Severity.P2))).isFalse();
  }

  @Test
  void filtersOnAnyOfTheServices() {
    IncidentQuery query = valid(Map.of("service", List.of("checkout", "search")));

    assertThat(query.test(withServices(Set.of("payments", "checkout")))).isTrue();
    assertThat(query.test(withServices(Set.of("search")))).isTrue();
    assertThat(query.test(withServices(Set.of("payments")))).isFalse();
    assertThat(query.test(withServices(Set.of()))).isFalse();
    assertThat(query.test(withServices(Set.of("Checkout")))).isFalse();
  }

  @Test
  void filtersOnAnyOfTheComponents() {
    IncidentQuery query = valid(Map.of("component", List.of("api_gateway")));

    assertThat(query.test(withComponents(List.of("database", "api_gateway")))).isTrue();
    assertThat(query.test(withComponents(List.of("database")))).isFalse();
    assertThat(query.test(withComponents(List.of()))).isFalse();
  }

  @Test
  void filtersOnLabelsAllOfWhichMustHold() {
    IncidentQuery query = valid(Map.of("label", List.of("env=prod", "team!=payments")));

    assertThat(query.test(withLabels(Map.of("env", "prod", "team", "search")))).isTrue();
    assertThat(query.test(withLabels(Map.of("env", "prod")))).isTrue();
    assertThat(query.test(withLabels(Map.of("env", "prod", "team", "payments")))).isFalse();
    assertThat(query.test(withLabels(Map.of("env", "staging", "team", "search")))).isFalse();
    assertThat(query.test(withLabels(Map.of("team", "search")))).isFalse();
  }

  @Test
  void filtersOnTheOpeningTimeSinceInclusiveUntilExclusive() {
    IncidentQuery query = valid(Map.of("since", List.of("2026-12-01T09:00:00Z"),
        "until", List.of("2026-12-01T10:00:00Z")));

    assertThat(query.test(openedAt("2026-12-01T08:59:59.999Z"))).isFalse();
    assertThat(query.test(openedAt("2026-12-01T09:00:00Z"))).isTrue();
    assertThat(query.test(openedAt("2026-12-01T09:59:59.999Z"))).isTrue();
    assertThat(query.test(openedAt("2026-12-01T10:00:00Z"))).isFalse();
  }

  @Test
  void filtersOnEveryWordOfQInTheTitleInAnyCase() {
    IncidentQuery query = valid(Map.of("q", List.of("gateway LATENCY")));

    assertThat(query.test(titled("API Gateway latency above 2s"))).isTrue();
    assertThat(query.test(titled("API Gateway errors"))).isFalse();
    assertThat(query.test(titled("Checkout latency"))).isFalse();
  }

  @Test
  void appliesEveryParameterTogether() {
    IncidentQuery query = valid(Map.of("status", List.of("open"), "severity", List.of("P1"),
        "service", List.of("checkout")));
    IncidentSummary matching = summary("INC-1", "t", Severity.P1, IncidentStatus.ACKNOWLEDGED, OPENED,
        Set.of("checkout"), List.of(), Map.of());
    IncidentSummary wrongSeverity = summary("INC-2", "t", Severity.P2, IncidentStatus.ACKNOWLEDGED, OPENED,
        Set.of("checkout"), List.of(), Map.of());
    IncidentSummary resolved = summary("INC-3", "t", Severity.P1, IncidentStatus.RESOLVED, OPENED,
        Set.of("checkout"), List.of(), Map.of());

    assertThat(query.test(matching)).isTrue();
    assertThat(query.test(wrongSeverity)).isFalse();
    assertThat(query.test(resolved)).isFalse();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static IncidentQuery valid(Map<String, List<String>> parameters) {
    IncidentQuery.Parsed parsed = IncidentQuery.parse(parameters, ALIASES);
    assertThat(parsed).isInstanceOf(IncidentQuery.Valid.class);
    return ((IncidentQuery.Valid) parsed).query();
  }

  private static List<String> problems(Map<String, List<String>> parameters) {
    IncidentQuery.Parsed parsed = IncidentQuery.parse(parameters, ALIASES);
    assertThat(parsed).isInstanceOf(IncidentQuery.Invalid.class);
    return ((IncidentQuery.Invalid) parsed).problems();
  }

  private static IncidentSummary withStatus(IncidentStatus status) {
    return summary("INC-1", "Checkout latency", Severity.P1, status, OPENED, Set.of(), List.of(), Map.of());
  }

  private static IncidentSummary withSeverity(Severity severity) {
    return summary("INC-1", "Checkout latency", severity, IncidentStatus.TRIGGERED, OPENED, Set.of(), List.of(),
        Map.of());
  }

  private static IncidentSummary withServices(Set<String> services) {
    return summary("INC-1", "Checkout latency", Severity.P1, IncidentStatus.TRIGGERED, OPENED, services, List.of(),
        Map.of());
  }

  private static IncidentSummary withComponents(List<String> components) {
    return summary("INC-1", "Checkout latency", Severity.P1, IncidentStatus.TRIGGERED, OPENED, Set.of(), components,
        Map.of());
  }

  private static IncidentSummary withLabels(Map<String, String> labels) {
    return summary("INC-1", "Checkout latency", Severity.P1, IncidentStatus.TRIGGERED, OPENED, Set.of(), List.of(),
        labels);
  }

  private static IncidentSummary openedAt(String openedAt) {
    return summary("INC-1", "Checkout latency", Severity.P1, IncidentStatus.TRIGGERED, Instant.parse(openedAt),
        Set.of(), List.of(), Map.of());
  }

  private static IncidentSummary titled(String title) {
    return summary("INC-1", title, Severity.P1, IncidentStatus.TRIGGERED, OPENED, Set.of(), List.of(), Map.of());
  }

  private static IncidentSummary summary(String id, String title, Severity severity, IncidentStatus status,
      Instant openedAt, Set<String> services, List<String> components, Map<String, String> labels) {
    return new IncidentSummary(id, "checkout/" + id, title, severity, status, PublicStatus.INVESTIGATING, openedAt, openedAt,
        status == IncidentStatus.RESOLVED ? openedAt.plusSeconds(600) : null, services, components, labels, null, 1,
        status == IncidentStatus.RESOLVED ? 0 : 1, 3L, openedAt, null, false);
  }
}
