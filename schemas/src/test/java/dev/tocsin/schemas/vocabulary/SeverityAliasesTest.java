package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tocsin.avro.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityAliasesTest {
  private static final SeverityAliases DEFAULTS = SeverityAliases.defaults();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "critical, P0", "SEV-1, P0", "sev1, P0", "P0, P0", "page, P0",
      "high, P1", "sev-2, P1", "sev2, P1", "error, P1", "p1, P1",
      "medium, P2", "SEV-3, P2", "sev3, P2", "Warning, P2", "warn, P2", "p2, P2",
      "low, P3", "sev-4, P3", "sev4, P3", "INFO, P3", "informational, P3", "none, P3", "p3, P3",
      "' critical ', P0"})
  void mapsThePlaybooksAliasesCaseInsensitively(String alias, Severity expected) {
    assertThat(DEFAULTS.parse(alias)).contains(expected);
  }

  @Test
  void theDefaultTableHasExactlyThePlaybooksTwentyThreeAliases() {
    assertThat(DEFAULTS.table()).hasSize(23);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "urgent", "p4", "sev-0", "disaster"})
  void leavesUnknownAliasesUnmapped(String alias) {
    assertThat(DEFAULTS.parse(alias)).isEmpty();
  }

  @Test
  void leavesAbsentValuesUnmapped() {
    assertThat(DEFAULTS.parse(null)).isEmpty();
  }

  @Test
  void prefersTheSeverityLabelOverPriority() {
    assertThat(DEFAULTS.fromLabels(Map.of("severity", "warning", "priority", "p0"))).contains(Severity.P2);
  }

  @Test
  void fallsBackToPriorityWhenSeverityIsMissingOrUnknown() {
    assertThat(DEFAULTS.fromLabels(Map.of("priority", "P1"))).contains(Severity.P1);
    assertThat(DEFAULTS.fromLabels(Map.of("severity", "bogus", "priority", "P1"))).contains(Severity.P1);
  }

  @Test
  void declaresNothingWithoutEitherLabel() {
    assertThat(DEFAULTS.fromLabels(Map.of("alertname", "X"))).isEmpty();
  }

  @Test
  void overridesAddAliasesAndReplaceDefaultsWithoutChangingTheDefaults() {
    SeverityAliases configured = DEFAULTS.withOverrides(Map.of("Disaster", Severity.P0, "warning", Severity.P1));

    assertThat(configured.parse("DISASTER")).contains(Severity.P0);
    assertThat(configured.parse("warning")).contains(Severity.P1);
    assertThat(configured.parse("critical")).contains(Severity.P0);
    assertThat(DEFAULTS.parse("warning")).contains(Severity.P2);
    assertThat(DEFAULTS.parse("disaster")).isEmpty();
  }

  @Test
  void refusesTwoSpellingsOfOneAliasWithDifferentSeverities() {
    Map<String, Severity> clash = new LinkedHashMap<>();
    clash.put("Crit", Severity.P0);
    clash.put("crit", Severity.P1);

    assertThatIllegalArgumentException().isThrownBy(() -> SeverityAliases.of(clash))
        .withMessageContaining("\"crit\" maps to both P0 and P1");
  }

  @Test
  void refusesABlankAlias() {
    assertThatIllegalArgumentException().isThrownBy(() -> SeverityAliases.of(Map.of(" ", Severity.P0)));
  }
}
