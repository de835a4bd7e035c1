package dev.tocsin.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.PurePackages;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API's decisions (queries, commands from requests, keys, reviews, figures, budgets) stay plain Java. */
class PureDecisionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"query", "commands", "auth", "review"})
  void decisionPackagesUseNeitherKafkaNorHttpNorTheClock(String pkg) {
    assertThat(PurePackages.violations(Path.of("src/main/java/dev/tocsin/api", pkg))).isEmpty();
  }
}
