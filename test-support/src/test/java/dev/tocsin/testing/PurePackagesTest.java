package dev.tocsin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurePackagesTest {
  @TempDir
  Path dir;

  @Test
  void findsAKafkaImportAFullyQualifiedLoggerAndAClockRead() throws IOException {
    Files.writeString(dir.resolve("Decider.java"), """
        package x;

        import java.util.List;
        import org.apache.kafka.streams.processor.api.Record;

        final class Decider {
          private static final org.slf4j.Logger LOG = null;
          long now() {
            return java.time.Instant.now().toEpochMilli();
          }
        }
        """);

    assertThat(PurePackages.violations(dir)).containsExactly(
        "Decider.java: imports org.apache.kafka.streams.processor.api.Record",
        "Decider.java: uses org.slf4j.* by its full name",
        "Decider.java: reads the time with Instant.now(...; take it as a parameter");
  }

  @Test
  void plainJavaPasses() throws IOException {
    Files.writeString(dir.resolve("Plain.java"), """
        package x;

        import java.time.Instant;

        record Plain(Instant at) {
          Plain later(Instant now) {
            return new Plain(now);
          }
        }
        """);

    assertThat(PurePackages.violations(dir)).isEmpty();
  }

  @Test
  void aDirectoryWithoutSourcesIsAnErrorNotAPass() {
    assertThatIllegalArgumentException().isThrownBy(() -> PurePackages.violations(dir));
  }
}
