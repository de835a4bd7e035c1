package dev.tocsin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.testing.PurePackages;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every inbound protocol's parsing and deciding stays plain Java: no Kafka, no Jetty, no clock. */
class PureDecisionsTest {
  @ParameterizedTest
  @ValueSource(strings = {"domain", "alertmanager", "cloudmonitoring", "generic", "json", "slack", "pagerduty"})
  void protocolPackagesUseNeitherKafkaNorJettyNorTheClock(String pkg) {
    assertThat(PurePackages.violations(Path.of("src/main/java/dev/tocsin/ingest", pkg))).isEmpty();
  }
}
