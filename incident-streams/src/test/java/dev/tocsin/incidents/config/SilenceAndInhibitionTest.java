package dev.tocsin.incidents.config;

import static dev.tocsin.incidents.config.RouteTreeTest.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilenceAndInhibitionTest {
  private static final EngineConfig CONFIG = Configs.parse("""
      silences:
        - id: maint-db
          matchers: ['service="db"']
          starts_at: 2026-11-23T00:00:00Z
          ends_at: 2026-11-24T00:00:00+01:00
          created_by: alice
          comment: DB maintenance
        - matchers: ['alertname=~"Disk.*"', 'env!="prod"']
          starts_at: 2026-11-23T00:00:00Z
          ends_at: 2026-11-23T01:00:00Z
          created_by: bob
          comment: noisy disks
      inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity=~"warning|info"']
          equal: [service]
        - source_matchers: ['alertname="ClusterDown"']
          target_matchers: ['severity=~"critical|warning"']
      """);
  private static final Silence MAINTENANCE = CONFIG.silences().get(0);

  @ParameterizedTest(name = "at {0}: active {1}")
  @CsvSource({
      "2026-11-22T23:59:59.999Z, false",
      "2026-11-23T00:00:00Z,     true",
      "2026-11-23T12:00:00Z,     true",
      "2026-11-23T22:59:59.999Z, true",
      "2026-11-23T23:00:00Z,     false",
  })
  void aSilenceIsActiveFromItsStartUntilJustBeforeItsEnd(Instant now, boolean active) {
    assertThat(MAINTENANCE.activeAt(now)).isEqualTo(active);
    assertThat(MAINTENANCE.mutes(Map.of("service", "db"), now)).isEqualTo(active);
  }

  @Test
  void anActiveSilenceMutesOnlyWhatItsMatchersMatch() {
    Instant now = Instant.parse("2026-11-23T00:30:00Z");
    Silence disks = CONFIG.silences().get(1);
    assertThat(disks.mutes(Map.of("alertname", "DiskFull", "env", "dev"), now)).isTrue();
    assertThat(disks.mutes(Map.of("alertname", "DiskFull", "env", "prod"), now)).isFalse();
    assertThat(disks.mutes(Map.of("alertname", "HighLatency"), now)).isFalse();
    assertThat(MAINTENANCE.mutes(Map.of("service", "web"), now)).isFalse();
  }

  @Test
  void aSilenceWithoutAnIdGetsOneDerivedStablyFromItsContent() {
    String id = CONFIG.silences().get(1).id();
    assertThat(id).matches("silence-[0-9a-f]{12}");
    assertThat(Configs.parse(CONFIG_YAML_SECOND_SILENCE).silences().get(0).id()).isEqualTo(id);
    assertThat(Configs.parse(CONFIG_YAML_SECOND_SILENCE.replace("noisy disks", "noisy disks!")).silences().get(0)
        .id()).isNotEqualTo(id);
  }

  private static final String CONFIG_YAML_SECOND_SILENCE = """
      silences:
        - matchers: ['alertname=~"Disk.*"', 'env!="prod"']
          starts_at: 2026-11-23T00:00:00Z
          ends_at: 2026-11-23T01:00:00Z
          created_by: bob
          comment: noisy disks
      """;

  @Test
  void aSilenceMustEndAfterItStarts() {
    Instant at = Instant.parse("2026-11-23T00:00:00Z");
    assertThatThrownBy(() -> new Silence("s", Matchers.parse(List.of("a=b")), at, at, "me", "why"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "source {0} / target {1} → {2}")
  @CsvSource(delimiter = '|', value = {
      // source                               | target                                | inhibited
      "severity=critical,service=db            | severity=warning,service=db            | true",
      "severity=critical,service=db            | severity=info,service=db               | true",
      "severity=critical,service=db            | severity=warning,service=web           | false",
      "severity=critical                       | severity=warning                       | true",
      "severity=critical                       | severity=warning,service=db            | false",
      "severity=critical,service=              | severity=warning                       | true",
      "severity=critical,service=db            | severity=critical,service=db,x=1       | false",
      "severity=warning,service=db             | severity=warning,service=db            | false",
      "alertname=ClusterDown,severity=critical | alertname=Other,severity=critical      | true",
  })
  void inhibitsTargetsThatAgreeWithAFiringSourceOnTheEqualLabels(String source, String target, boolean inhibited) {
    boolean anyRule = CONFIG.inhibitRules().stream().anyMatch(rule -> rule.inhibits(labels(source), labels(target)));
    assertThat(anyRule).isEqualTo(inhibited);
  }

  @Test
  void anAlertMatchingBothSidesNeverInhibitsItself() {
    InhibitRule rule = new InhibitRule(Matchers.parse(List.of("severity=~\"critical|warning\"")),
        Matchers.parse(List.of("severity=~\"critical|warning\"")), List.of("service"));
    Map<String, String> alert = Map.of("alertname", "X", "severity", "critical", "service", "db");
    assertThat(rule.inhibits(alert, alert)).isFalse();
    assertThat(rule.inhibits(Map.of("alertname", "Y", "severity", "critical", "service", "db"), alert)).isTrue();
  }
}
