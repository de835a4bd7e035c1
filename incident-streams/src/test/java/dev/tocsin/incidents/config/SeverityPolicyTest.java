package dev.tocsin.incidents.config;

import static dev.tocsin.incidents.config.RouteTreeTest.labels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityPolicyTest {
  private static final SeverityPolicy CONFIGURED = Configs.parse("""
      severity:
        rules:
          - matchers: ['alertname="Watchdog"']
            severity: P3
          - matchers: ['service="payments"', 'env="prod"']
            severity: p0
        aliases: {Warning: P1, disaster: P0}
        default: P2
      """).severity();

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "severity=critical  | P0",
      "severity=CRITICAL  | P0",
      "severity=SEV-1     | P0",
      "severity=sev1      | P0",
      "severity=p0        | P0",
      "severity=page      | P0",
      "severity=high      | P1",
      "severity=Sev-2     | P1",
      "severity=sev2      | P1",
      "severity=P1        | P1",
      "severity=error     | P1",
      "severity=medium    | P2",
      "severity=sev-3     | P2",
      "severity=sev3      | P2",
      "severity=p2        | P2",
      "severity=warning   | P2",
      "severity=warn      | P2",
      "severity=low       | P3",
      "severity=sev-4     | P3",
      "severity=sev4      | P3",
      "severity=p3        | P3",
      "severity=info      | P3",
      "severity=informational | P3",
      "severity=none      | P3",
      "priority=high      | P1",
      "severity=bogus,priority=sev-1 | P0",
      "priority=low,severity=critical | P0",
  })
  void readsThePlaybookAliasesFromTheSeverityThenPriorityLabel(String alertLabels, Severity expected) {
    assertThat(SeverityPolicy.defaults().classify(labels(alertLabels), null)).isEqualTo(expected);
  }

  @Test
  void prometheusWarningIsP2AndInfoIsP3ByDefault() {
    assertThat(SeverityPolicy.defaults().aliases().table()).containsEntry("warning", Severity.P2).containsEntry("info", Severity.P3);
  }

  @ParameterizedTest(name = "{0} (source {1}) → {2}")
  @CsvSource(delimiter = '|', value = {
      // labels                                             | source | expected
      "alertname=Watchdog,severity=critical                  |        | P3",
      "alertname=Charge,service=payments,env=prod,severity=info |     | P0",
      "alertname=Charge,service=payments,env=dev,severity=info |      | P3",
      "alertname=X,severity=warning                          |        | P1",
      "alertname=X,severity=WARNING                          |        | P1",
      "alertname=X,severity=Disaster                         |        | P0",
      "alertname=X,severity=critical                         | P3     | P0",
      "alertname=X,severity=bogus                            | P1     | P1",
      "alertname=X                                           | P1     | P1",
      "alertname=X                                           |        | P2",
  })
  void rulesFirstThenLabelAliasesThenTheSourceThenTheDefault(String alertLabels, Severity source,
      Severity expected) {
    assertThat(CONFIGURED.classify(labels(alertLabels), source)).isEqualTo(expected);
  }

  @Test
  void fileAliasesMergeOverTheDefaultTable() {
    assertThat(CONFIGURED.aliases().table()).containsEntry("warning", Severity.P1).containsEntry("disaster", Severity.P0)
        .containsEntry("critical", Severity.P0).containsEntry("info", Severity.P3);
  }

  @Test
  void anIncidentTouchingMoreServicesThanTheThresholdIsP0() {
    SeverityPolicy policy = SeverityPolicy.defaults();
    List<Map<String, String>> twoServices = List.of(Map.of("service", "a"), Map.of("service", "b"),
        Map.of("service", "a"), Map.of("service", ""), Map.of("alertname", "no-service"));
    assertThat(policy.impact(twoServices)).isEmpty();
    List<Map<String, String>> threeServices = List.of(Map.of("service", "a"), Map.of("service", "b"),
        Map.of("service", "c"));
    assertThat(policy.impact(threeServices)).contains(Severity.P0);
  }

  @Test
  void theImpactRuleReadsItsConfiguredLabelAndCanBeTurnedOff() {
    SeverityPolicy byCluster = Configs.parse("severity: {impact: {label: cluster, services_for_p0: 1}}").severity();
    assertThat(byCluster.impact(List.of(Map.of("cluster", "a"), Map.of("cluster", "b")))).contains(Severity.P0);
    assertThat(byCluster.impact(List.of(Map.of("service", "a"), Map.of("service", "b")))).isEmpty();
    SeverityPolicy off = Configs.parse("severity: {impact: {services_for_p0: 0}}").severity();
    assertThat(off.impact(List.of(Map.of("service", "a"), Map.of("service", "b"), Map.of("service", "c"))))
        .isEmpty();
  }

  @Test
  void configuredLabelsReplaceTheDefaultOnes() {
    SeverityPolicy policy = Configs.parse("severity: {labels: [urgency]}").severity();
    assertThat(policy.classify(Map.of("urgency", "high", "severity", "critical"), null)).isEqualTo(Severity.P1);
    assertThat(policy.classify(Map.of("severity", "critical"), null)).isEqualTo(Severity.P3);
  }

  @Test
  void usesTheOneSharedAliasTable() {
    assertThat(SeverityPolicy.defaults().aliases()).isSameAs(SeverityAliases.defaults());
  }
}
