package dev.tocsin.incidents.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineConfigFileTest {
  @TempDir
  Path directory;

  @Test
  void readsEverySectionOfTheEngine() {
    EngineConfig config = Configs.parse("""
        route:
          receivers: [team-slack, team-mail]
          group_by: [alertname, cluster]
          group_wait: 0
          group_interval: 1m
          repeat_interval: 1d
          escalation_policy: standard
          routes:
            - matchers: ['service=~"db|cache"', 'env="prod"']
              receiver: dba
              continue: true
        severity:
          rules:
            - matchers: ['alertname="Watchdog"']
              severity: p3
          labels: [priority]
          aliases: {urgent: P0}
          default: P1
          impact: {label: app, services_for_p0: 4}
        escalation_policies:
          - name: standard
            loops: 1
            levels:
              - delay: 5m
                receivers: [oncall-primary]
              - delay: 10m
                receivers: [oncall-secondary]
        escalation:
          P0: standard
        reminders:
          P2: 1h
        incidents:
          quiet_period: 10m
        silences:
          - id: maint-db
            matchers: ['service="db"']
            starts_at: 2026-11-23T00:00:00Z
            ends_at: 2026-11-24T00:00:00Z
            created_by: alice
            comment: DB maintenance
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity=~"warning|info"']
            equal: [service]
        """);

    Route root = config.routes().root();
    assertThat(root.receivers()).containsExactly("team-slack", "team-mail");
    assertThat(root.groupBy()).isEqualTo(GroupBy.of(List.of("alertname", "cluster")));
    assertThat(List.of(root.groupWait(), root.groupInterval(), root.repeatInterval()))
        .containsExactly(Duration.ZERO, Duration.ofMinutes(1), Duration.ofDays(1));
    assertThat(root.escalationPolicy()).isEqualTo("standard");
    assertThat(root.routes()).singleElement().satisfies(child -> {
      assertThat(child.receivers()).containsExactly("dba");
      assertThat(child.continueMatching()).isTrue();
      assertThat(child.matchers()).hasToString("{service=~\"db|cache\",env=\"prod\"}");
    });
    SeverityPolicy severity = config.severity();
    assertThat(severity.rules()).containsExactly(
        new SeverityRule(Matchers.parse(List.of("alertname=\"Watchdog\"")), Severity.P3));
    assertThat(severity.labels()).containsExactly("priority");
    assertThat(severity.aliases().table()).containsEntry("urgent", Severity.P0).containsEntry("critical", Severity.P0);
    assertThat(severity.defaultSeverity()).isEqualTo(Severity.P1);
    assertThat(severity.impactLabel()).isEqualTo("app");
    assertThat(severity.impactServicesForP0()).isEqualTo(4);
    assertThat(config.escalationPolicies().get("standard")).isEqualTo(new EscalationPolicy("standard", List.of(
        new EscalationLevel(Duration.ofMinutes(5), List.of("oncall-primary")),
        new EscalationLevel(Duration.ofMinutes(10), List.of("oncall-secondary"))), 1));
    assertThat(config.escalationBySeverity()).containsEntry(Severity.P0, "standard")
        .containsEntry(Severity.P1, "p1-default");
    assertThat(config.reminders()).containsEntry(Severity.P0, Duration.ofMinutes(15))
        .containsEntry(Severity.P2, Duration.ofHours(1));
    assertThat(config.quietPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.silences()).containsExactly(new Silence("maint-db", Matchers.parse(List.of("service=\"db\"")),
        Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"), "alice", "DB maintenance"));
    assertThat(config.inhibitRules()).containsExactly(new InhibitRule(Matchers.parse(List.of("severity=\"critical\"")),
        Matchers.parse(List.of("severity=~\"warning|info\"")), List.of("service")));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "# nothing but a comment\n", "receivers:\n  - name: default\n", "kafka: {x: 1}\n"})
  void aFileWithoutEngineSectionsIsTheServiceDefaults(String yaml) {
    assertThat(Configs.parse(yaml)).isEqualTo(Configs.DEFAULTS);
  }

  @Test
  void theServiceDefaultsSupplyTheRootsReceiversGroupingAndTheQuietPeriod() {
    EngineConfig defaults = EngineConfig.defaults(List.of("console"), List.of("..."), Duration.ofMinutes(7));
    EngineConfig config = EngineConfigFile.parse("route: {group_wait: 1s}\n", "t.yml", Map.of(), defaults);
    assertThat(config.routes().root().receivers()).containsExactly("console");
    assertThat(config.routes().root().groupBy()).isEqualTo(GroupBy.all());
    assertThat(config.routes().root().groupWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.quietPeriod()).isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void expandsWholeValueEnvironmentReferences() {
    EngineConfig config = Configs.parse("""
        route:
          receiver: ${ONCALL}
          routes:
            - matchers: ['${DB_MATCHER}']
              receiver: x-${NOT_WHOLE}
        """, Map.of("ONCALL", "sre", "DB_MATCHER", "service=\"db\""));
    assertThat(config.routes().root().receivers()).containsExactly("sre");
    assertThat(config.routes().root().routes().get(0).matchers()).hasToString("{service=\"db\"}");
    assertThat(config.routes().root().routes().get(0).receivers()).containsExactly("x-${NOT_WHOLE}");
  }

  @Test
  void reportsEveryProblemAtOnceEachWithItsPath() {
    List<String> problems = Configs.problems("""
        route:
          receiver: team
          group_wait: soon
          group_interval: 0
          colour: blue
          routes:
            - matchers: ['service="db"']
              receivers: []
            - matchers: ['service="db"', 'env<>"prod"']
              escalation_policy: nope
              continue: "yes"
              match: {service: db}
            - matchers: ['a=~"("']
              group_by: ['...', service, service]
        severity:
          rules:
            - matchers: ['alertname="Watchdog"']
              severity: critical
            - severity: P1
          default: P5
          aliases: {Loud: P0, loud: P1}
          impact: {services_for_p0: -1}
        escalation_policies:
          - name: standard
            loops: -1
            levels: [{delay: -5m}, {receivers: [a]}]
          - name: standard
            levels: [{delay: 1m}]
          - levels: []
        escalation: {P0: standard, P9: standard, P1: missing}
        reminders: {P0: 15}
        incidents: {quiet_period: 5m, reopen: 1h}
        silences:
          - matchers: ['service=~".*"']
            starts_at: 2026-11-24T00:00:00Z
            ends_at: 2026-11-23T00:00:00Z
            created_by: alice
          - matchers: ['service="db"']
            starts_at: tomorrow
            ends_at: 2026-11-24T00:00:00Z
            created_by: ""
            comment: c
        inhibit_rules:
          - source_matchers: []
            target_matchers: ['severity="warning"']
            equal: [service-name]
        """);

    assertThat(problems).containsExactly(
        "route.colour: unknown key (expected one of receiver, receivers, group_by, group_wait, group_interval, "
            + "repeat_interval, escalation_policy, routes, matchers, continue)",
        "route.group_wait: not a valid duration \"soon\": write a number and a unit, largest first, e.g. 30s, 5m, "
            + "1h30m (units y, w, d, h, m, s, ms)",
        "route.group_interval: must be more than 0",
        "route.routes[1].match: not supported (Alertmanager's older form; write matchers: ['name=\"value\"'])",
        "route.routes[1].matchers[1]: unknown operator in 'env<>\"prod\"': expected one of =, !=, =~, !~",
        "route.routes[2].matchers[0]: invalid regular expression \"(\": Unclosed group in 'a=~\"(\"'",
        "route.routes[0].receivers: must name at least one receiver",
        "route.routes[1].continue: must be true or false",
        "route.routes[2].group_by[2]: label \"service\" is listed twice",
        "route.routes[2].group_by: '...' (every label) cannot be combined with label names",
        "severity.rules[0].severity: \"critical\" is not a severity: use P0, P1, P2 or P3",
        "severity.rules[1].matchers: is required",
        "severity.aliases.loud: the same alias as Loud (aliases ignore case)",
        "severity.default: \"P5\" is not a severity: use P0, P1, P2 or P3",
        "severity.impact.services_for_p0: must not be negative",
        "escalation_policies[0].loops: must not be negative",
        "escalation_policies[0].levels[0].delay: not a valid duration \"-5m\": write a number and a unit, largest "
            + "first, e.g. 30s, 5m, 1h30m (units y, w, d, h, m, s, ms)",
        "escalation_policies[0].levels[1].delay: is required (0s pages the next level at once)",
        "escalation_policies[1].name: duplicate policy name \"standard\" (also escalation_policies[0])",
        "escalation_policies[2].name: is required",
        "escalation_policies[2].levels: must have at least one level",
        "escalation.P9: \"P9\" is not a severity: use P0, P1, P2 or P3",
        "reminders.P0: not a valid duration \"15\": write a number and a unit, largest first, e.g. 30s, 5m, 1h30m "
            + "(units y, w, d, h, m, s, ms)",
        "incidents.reopen: unknown key (expected one of quiet_period)",
        "silences[0].matchers: at least one matcher must not match the empty string, or the silence would mute "
            + "every alert",
        "silences[0].ends_at: must be after starts_at",
        "silences[0].comment: is required",
        "silences[1].starts_at: \"tomorrow\" is not a timestamp with a time zone, e.g. 2026-11-23T00:00:00Z",
        "silences[1].created_by: must not be empty",
        "inhibit_rules[0].source_matchers: must have at least one matcher",
        "inhibit_rules[0].equal[0]: \"service-name\" is not a label name",
        "route.routes[1].escalation_policy: unknown escalation policy \"nope\" (defined: p0-default, p1-default, "
            + "p2-default, p3-default, standard)",
        "escalation.P1: unknown escalation policy \"missing\" (defined: p0-default, p1-default, p2-default, "
            + "p3-default, standard)");
  }

  @Test
  void theExceptionMessageNamesTheSourceAndListsEveryProblem() {
    assertThatThrownBy(() -> EngineConfigFile.parse("route: {group_wait: x}\nreminders: {P0: y}\n", "tocsin.yml",
        Map.of(), Configs.DEFAULTS))
        .isInstanceOf(InvalidEngineConfigException.class)
        .hasMessageStartingWith("invalid engine configuration in tocsin.yml:\n  route.group_wait: ")
        .hasMessageContaining("\n  reminders.P0: ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "route: [a]                                  | route: must be a mapping",
      "route: {receiver: a, matchers: ['a=\"b\"']} | route.matchers: the root route takes every alert and has no matchers",
      "route: {receiver: a, continue: true}        | route.continue: the root route cannot continue",
      "route: {receiver: a, receivers: [b]}        | route.receivers: give receiver or receivers, not both",
      "route: {receiver: ''}                       | route.receiver: must not be empty",
      "route: {receiver: a, repeat_interval: 0s}   | route.repeat_interval: must be more than 0",
      "route: {receiver: a, routes: {x: 1}}        | route.routes: must be a list",
      "route: {receiver: a, routes: [{matchers: 'a=b'}]} | route.routes[0].matchers: must be a list",
      "route: {receiver: a, group_by: [1x]}        | route.group_by[0]: \"1x\" is not a label name",
      "route: {receivers: [a, a]}                  | route.receivers[1]: receiver \"a\" is listed twice",
      "route: {receiver: '${MISSING}'}             | route.receiver: environment variable MISSING is not set",
      "severity: {rules: [{matchers: [], severity: P1}]} | severity.rules[0].matchers: must have at least one matcher (severity.default is the fallback)",
      "severity: {labels: severity}                | severity.labels: must be a list",
      "severity: {aliases: [critical]}             | severity.aliases: must be a mapping of alias to severity",
      "severity: {impact: {services_for_p0: 2.5}}  | severity.impact.services_for_p0: must be a whole number",
      "escalation: [P0]                            | escalation: must be a mapping of severity (P0, P1, P2 or P3) to a value",
      "escalation: {P0: standard, p0: standard}    | escalation.p0: P0 is given twice",
      "silences: [{matchers: ['a=\"b\"'], starts_at: 2026-01-01T00:00:00Z, ends_at: 2026-01-02T00:00:00Z, created_by: a, comment: b}, {matchers: ['a=\"b\"'], starts_at: 2026-01-01T00:00:00Z, ends_at: 2026-01-02T00:00:00Z, created_by: a, comment: b}] | silences[1].id: duplicate id",
      "silences: [{matchers: ['a=\"b\"'], starts_at: 2026-01-01T00:00:00, ends_at: 2026-01-02T00:00:00Z, created_by: a, comment: b}] | silences[0].starts_at: \"2026-01-01T00:00:00\" is not a timestamp with a time zone",
      "inhibit_rules: [{target_matchers: ['a=\"b\"'], source_match: {a: b}}] | inhibit_rules[0].source_match: not supported (Alertmanager's older form; write source_matchers: ['name=\"value\"'])",
      "'[1, 2]'                                    | (top level): must be a mapping of sections",
  })
  void namesThePathOfEachKindOfMistake(String yaml, String problem) {
    assertThat(Configs.problems(yaml)).anySatisfy(reported -> assertThat(reported).startsWith(problem));
  }

  @Test
  void receiverNamesMustBeDefinedWhenTheFileHasAReceiversSection() {
    List<String> problems = Configs.problems("""
        route:
          receiver: team
          routes:
            - matchers: ['service="db"']
              receivers: [dba, team]
        escalation_policies:
          - name: standard
            levels: [{delay: 5m, receivers: [oncall]}]
        receivers:
          - name: team
          - name: oncall
            slack_configs: [{api_url: "${SLACK_URL}"}]
        """);
    assertThat(problems).containsExactly(
        "route.routes[0].receivers[0]: unknown receiver \"dba\" (receivers: defines team, oncall)");
  }

  @Test
  void theServicesDefaultReceiverMustBeDefinedTooWhenTheRouteNamesNone() {
    assertThat(Configs.problems("route: {group_wait: 1s}\nreceivers: [{name: team}]\n")).containsExactly(
        "route.receiver: is not set, and the service's default receiver \"default\" is not defined in receivers: "
            + "(receivers: defines team)");
  }

  @Test
  void reportsInvalidYamlByPlaceWithoutQuotingTheFile() {
    assertThatThrownBy(() -> Configs.parse("route:\n  receiver: [unclosed\nreceivers: s3cret\n"))
        .isInstanceOfSatisfying(InvalidEngineConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("test.yml: is not valid YAML at line").doesNotContain("s3cret"));
  }

  @Test
  void reportsDuplicateKeys() {
    assertThat(Configs.problems("route: {receiver: a}\nroute: {receiver: b}\n")).singleElement().asString()
        .contains("is not valid YAML").contains("Duplicate field 'route'");
  }

  @Test
  void loadsAFileAndReportsOneThatCannotBeRead() throws IOException {
    Path file = directory.resolve("tocsin.yml");
    Files.writeString(file, "route: {receiver: team}\n");
    assertThat(EngineConfigFile.load(file, Map.of(), Configs.DEFAULTS).routes().root().receivers())
        .containsExactly("team");
    Path missing = directory.resolve("missing.yml");
    assertThatThrownBy(() -> EngineConfigFile.load(missing, Map.of(), Configs.DEFAULTS))
        .isInstanceOfSatisfying(InvalidEngineConfigException.class, e -> assertThat(e.problems())
            .containsExactly(missing + ": cannot be read (NoSuchFileException)"));
  }
}
