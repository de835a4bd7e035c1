package dev.tocsin.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityAliasesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "critical, P0", "SEV-1, P0", "sev1, P0", "P0, P0",
      "high, P1", "sev-2, P1", "error, P1", "p1, P1",
      "medium, P2", "SEV-3, P2", "Warning, P2", "p2, P2",
      "low, P3", "sev-4, P3", "INFO, P3", "p3, P3",
      "' critical ', P0"})
  void mapsPlaybookAliasesCaseInsensitively(String alias, Severity expected) {
    assertThat(SeverityAliases.parse(alias)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "urgent", "p4", "sev-0", "disaster"})
  void leavesUnknownAliasesUnmapped(String alias) {
    assertThat(SeverityAliases.parse(alias)).isEmpty();
  }

  @Test
  void leavesAbsentValuesUnmapped() {
    assertThat(SeverityAliases.parse(null)).isEmpty();
  }

  @Test
  void prefersTheSeverityLabelOverPriority() {
    assertThat(SeverityAliases.fromLabels(Map.of("severity", "warning", "priority", "p0"))).contains(Severity.P2);
  }

  @Test
  void fallsBackToPriorityWhenSeverityIsMissingOrUnknown() {
    assertThat(SeverityAliases.fromLabels(Map.of("priority", "P1"))).contains(Severity.P1);
    assertThat(SeverityAliases.fromLabels(Map.of("severity", "page", "priority", "P1"))).contains(Severity.P1);
  }

  @Test
  void declaresNothingWithoutEitherLabel() {
    assertThat(SeverityAliases.fromLabels(Map.of("alertname", "X"))).isEmpty();
  }
}
