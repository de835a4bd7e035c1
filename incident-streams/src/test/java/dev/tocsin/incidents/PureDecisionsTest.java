package dev.tocsin.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.PurePackages;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's decisions (lifecycle, notification policy, muting) and its configuration stay plain Java. */
class PureDecisionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"domain", "config"})
  void decisionPackagesUseNeitherKafkaNorTheClock(String pkg) {
    assertThat(PurePackages.violations(Path.of("src/main/java/dev/tocsin/incidents", pkg))).isEmpty();
  }
}
