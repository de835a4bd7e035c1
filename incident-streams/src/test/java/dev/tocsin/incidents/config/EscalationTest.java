package dev.tocsin.incidents.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscalationTest {
  @ParameterizedTest(name = "{0} follows {1}: delay {2}, loops {3}")
  @CsvSource({
      "P0, p0-default, 5m,  2",
      "P1, p1-default, 15m, 1",
      "P2, p2-default, 1h,  0",
      "P3, p3-default, 0,   0",
  })
  void defaultPoliciesFollowThePlaybooksResponseTimes(Severity severity, String name, String delay, int loops) {
    EngineConfig config = Configs.DEFAULTS;
    EscalationPolicy policy = config.policyFor(config.routes().root(), severity);
    assertThat(policy.name()).isEqualTo(name);
    assertThat(policy.levels()).containsExactly(new EscalationLevel(Durations.parse(delay), List.of()));
    assertThat(policy.loops()).isEqualTo(loops);
  }

  @Test
  void p0PagesThreeTimesFiveMinutesApartAndP3PagesOnce() {
    EscalationPolicy p0 = EngineConfig.DEFAULT_POLICIES.get("p0-default");
    assertThat(p0.steps()).isEqualTo(3);
    assertThat(List.of(p0.waitAfter(0), p0.waitAfter(1))).extracting(wait -> wait.orElseThrow())
        .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(5));
    assertThat(p0.waitAfter(2)).as("nothing follows the last step").isEmpty();
    assertThat(p0.step(3)).isEmpty();
    EscalationPolicy p3 = EngineConfig.DEFAULT_POLICIES.get("p3-default");
    assertThat(p3.steps()).isEqualTo(1);
    assertThat(p3.step(1)).isEmpty();
  }

  @Test
  void defaultRemindersAreEveryQuarterHourForP0AndHalfHourForP1Only() {
    assertThat(Configs.DEFAULTS.reminderInterval(Severity.P0)).contains(Duration.ofMinutes(15));
    assertThat(Configs.DEFAULTS.reminderInterval(Severity.P1)).contains(Duration.ofMinutes(30));
    assertThat(Configs.DEFAULTS.reminderInterval(Severity.P2)).isEmpty();
    assertThat(Configs.DEFAULTS.reminderInterval(Severity.P3)).isEmpty();
  }

  @Test
  void remindersFromTheFileMergeOverTheDefaultsAndZeroTurnsOneOff() {
    EngineConfig config = Configs.parse("reminders: {P0: 10m, p1: 0, P2: 2h}");
    assertThat(config.reminders()).containsExactly(Map.entry(Severity.P0, Duration.ofMinutes(10)),
        Map.entry(Severity.P2, Duration.ofHours(2)));
  }

  @Test
  void levelsLoopAndALevelWithoutReceiversPagesTheRoutesReceivers() {
    EngineConfig config = Configs.parse("""
        route: {receiver: team}
        escalation_policies:
          - name: standard
            loops: 1
            levels:
              - delay: 5m
              - delay: 10m
                receivers: [oncall-secondary]
        escalation: {P0: standard}
        """);
    EscalationPolicy policy = config.policyFor(config.routes().root(), Severity.P0);
    List<String> routeReceivers = config.routes().root().receivers();
    assertThat(policy.steps()).isEqualTo(4);
    assertThat(policy.step(0).orElseThrow().receiversOr(routeReceivers)).containsExactly("team");
    assertThat(policy.step(1).orElseThrow().receiversOr(routeReceivers)).containsExactly("oncall-secondary");
    assertThat(policy.step(2).orElseThrow().receiversOr(routeReceivers)).containsExactly("team");
    assertThat(policy.waitAfter(0)).contains(Duration.ofMinutes(5));
    assertThat(policy.waitAfter(2)).as("the loop starts again at level 1").contains(Duration.ofMinutes(5));
    assertThat(policy.waitAfter(3)).isEmpty();
    assertThat(policy.waitAfter(-1)).isEmpty();
  }

  @Test
  void aRoutesPolicyIsInheritedAndWinsOverTheSeverityDefault() {
    EngineConfig config = Configs.parse("""
        route:
          receiver: team
          routes:
            - matchers: ['team="db"']
              escalation_policy: db
              routes:
                - matchers: ['env="prod"']
            - matchers: ['team="web"']
        escalation_policies:
          - {name: db, levels: [{delay: 1m}]}
        escalation: {P1: db}
        """);
    Route dbProd = config.routes().match(Map.of("team", "db", "env", "prod")).get(0).route();
    Route web = config.routes().match(Map.of("team", "web")).get(0).route();
    assertThat(config.policyFor(dbProd, Severity.P3).name()).isEqualTo("db");
    assertThat(config.policyFor(web, Severity.P0).name()).isEqualTo("p0-default");
    assertThat(config.policyFor(web, Severity.P1).name()).isEqualTo("db");
  }

  @Test
  void policyForFindsAnAncestorsPolicyOnRoutesBuiltInCode() {
    Route child = new Route("{}/{team=\"db\"}", Matchers.parse(List.of("team=\"db\"")), List.of("r"),
        GroupBy.all(), Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), false, null, List.of());
    Route root = new Route(Route.ROOT_ID, Matchers.EMPTY, List.of("r"), GroupBy.all(), Duration.ZERO,
        Duration.ofMinutes(1), Duration.ofHours(1), false, "p2-default", List.of(child));
    EngineConfig config = Configs.DEFAULTS.withRoutes(new RouteTree(root));
    assertThat(config.policyFor(child, Severity.P0).name()).isEqualTo("p2-default");
  }

  @Test
  void aFileMayRedefineABuiltInPolicy() {
    EngineConfig config = Configs.parse("escalation_policies: [{name: p0-default, levels: [{delay: 2m}]}]");
    assertThat(config.policyFor(config.routes().root(), Severity.P0).levels())
        .containsExactly(new EscalationLevel(Duration.ofMinutes(2), List.of()));
  }
}
