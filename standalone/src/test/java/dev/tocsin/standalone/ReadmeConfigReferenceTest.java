package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration tables are exactly what the code declares. */
class ReadmeConfigReferenceTest {
  @Test
  void readmeConfigurationTablesMatchTheDeclarations() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    assertThat(readme)
        .as("README.md is out of date; regenerate the tables with: java -cp "
            + "'standalone/target/tocsin-standalone.jar:standalone/target/lib/*' "
            + "dev.tocsin.standalone.ConfigReference")
        .contains(ConfigReference.markdown());
  }

  @Test
  void readmeCarriesNoLoggingStatusOutput() throws Exception {
    // Regression: logback's status lines once went into the README along with the generated tables.
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    assertThat(readme).doesNotContain("|-INFO in ch.qos.logback").doesNotContain("|-WARN in ch.qos.logback");
  }
}
