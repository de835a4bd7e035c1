package dev.tocsin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tocsin.api.review.ErrorBudgets;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiFileSettingsTest {
  @TempDir
  Path dir;

  @Test
  void readsAnObjectiveWithEveryField() throws IOException {
    Path file = write("""
        slos:
          - service: checkout
            objective: 99.9
            window: 7d
            severities: [P0]
        """);

    ApiFileSettings settings = ApiFileSettings.read(file, Map.of());

    assertThat(settings.objectives()).containsExactly(
        new ErrorBudgets.Objective("checkout", 99.9, Duration.ofDays(7), Set.of(Severity.P0)));
  }

  @Test
  void theWindowDefaultsToThirtyDaysAndTheSeveritiesToP0AndP1() throws IOException {
    Path file = write("""
        slos:
          - service: payments
            objective: 99.95
          - service: search
            objective: 99
            window: 1w
            severities: [p2, P1]
        """);

    ApiFileSettings settings = ApiFileSettings.read(file, Map.of());

    assertThat(settings.objectives()).containsExactly(
        new ErrorBudgets.Objective("payments", 99.95, Duration.ofDays(30), Set.of(Severity.P0, Severity.P1)),
        new ErrorBudgets.Objective("search", 99.0, Duration.ofDays(7), Set.of(Severity.P1, Severity.P2)));
  }

  @Test
  void theServiceMayComeFromTheEnvironment() throws IOException {
    Path file = write("""
        slos:
          - service: ${SLO_SERVICE}
            objective: 99.5
        """);

    ApiFileSettings settings = ApiFileSettings.read(file, Map.of("SLO_SERVICE", "checkout"));

    assertThat(settings.objectives()).extracting(ErrorBudgets.Objective::service).containsExactly("checkout");
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPath() throws IOException {
    Path file = write("""
        slos:
          - service: checkout
            objective: 100
          - objective: 99.9
          - service: payments
            objective: high
          - service: search
            objective: 99.9
            team: discovery
          - service: checkout
            objective: 99.5
          - service: ledger
            objective: 99.9
            severities: [P9]
          - service: mail
            objective: 0
            window: soon
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e).isNotNull();
    assertThat(e.problems()).containsExactly(
        "slos[0].objective: must be a number above 0 and below 100, such as 99.9",
        "slos[1].service: is required",
        "slos[2].objective: must be a number above 0 and below 100, such as 99.9",
        "slos[3].team: unknown key",
        "slos[4].service: checkout has an objective already",
        "slos[5].severities[0]: \"P9\" is not a severity: use P0, P1, P2 or P3",
        "slos[6].objective: must be a number above 0 and below 100, such as 99.9",
        "slos[6].window: not a valid duration \"soon\": write a number and a unit, largest first, "
            + "e.g. 30s, 5m, 1h30m (units y, w, d, h, m, s, ms)");
    assertThat(e.getMessage()).startsWith("invalid slos in " + file + ":\n  slos[0].objective: ");
  }

  @Test
  void aMissingObjectiveIsReported() throws IOException {
    Path file = write("""
        slos:
          - service: checkout
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e.problems()).containsExactly("slos[0].objective: is required (a percentage such as 99.9)");
  }

  @Test
  void slosThatAreNotAListAreReported() throws IOException {
    Path file = write("""
        slos:
          service: checkout
          objective: 99.9
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e.problems()).containsExactly("slos: must be a list");
  }

  @Test
  void anEntryThatIsNotAMappingIsReported() throws IOException {
    Path file = write("""
        slos:
          - checkout
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e.problems()).containsExactly("slos[0]: must be a mapping");
  }

  @Test
  void honoursTheSeverityAliasesOfTheSameFile() throws IOException {
    Path file = write("""
        severity:
          aliases:
            urgent: P0
            meh: p3
        slos:
          - service: checkout
            objective: 99.9
        """);

    ApiFileSettings settings = ApiFileSettings.read(file, Map.of());

    assertThat(settings.aliases().parse("urgent")).contains(Severity.P0);
    assertThat(settings.aliases().parse("URGENT ")).contains(Severity.P0);
    assertThat(settings.aliases().parse("meh")).contains(Severity.P3);
    assertThat(settings.objectives()).hasSize(1);
  }

  @Test
  void aBadSeverityAliasIsReportedWithTheSlosProblems() throws IOException {
    Path file = write("""
        severity:
          aliases:
            urgent: P7
        slos:
          - service: checkout
            objective: 101
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e.problems()).containsExactly(
        "severity.aliases.urgent: \"P7\" is not a severity: use P0, P1, P2 or P3",
        "slos[0].objective: must be a number above 0 and below 100, such as 99.9");
  }

  @Test
  void aFileWithoutSlosHasNoObjectivesAndTheDefaultAliases() throws IOException {
    Path file = write("""
        routes:
          - receiver: payments-oncall
        """);

    ApiFileSettings settings = ApiFileSettings.read(file, Map.of());

    assertThat(settings.objectives()).isEmpty();
    assertThat(settings.aliases().parse("urgent")).isEmpty();
    assertThat(settings.aliases().parse("P1")).contains(Severity.P1);
  }

  @Test
  void anEmptyFileHasNoObjectives() throws IOException {
    ApiFileSettings settings = ApiFileSettings.read(write(""), Map.of());

    assertThat(settings.objectives()).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadIsReported() {
    Path missing = dir.resolve("missing.yml");

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(missing, Map.of()));

    assertThat(e.problems()).containsExactly(missing + ": cannot be read (NoSuchFileException)");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("tocsin.yml");
    Files.writeString(file, yaml);
    return file;
  }
}
