package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yml is valid compose (checked by Debian's docker-compose; no Docker engine runs here). */
class ComposeFileTest {
  private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");

  private static boolean dockerComposeInstalled() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
        return true;
      }
    }
    return false;
  }

  private static Process config(boolean withToken) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", COMPOSE_FILE.toString(), "config", "-q")
        .redirectErrorStream(true);
    builder.environment().remove("TOCSIN_INGEST_TOKENS");
    if (withToken) {
      builder.environment().put("TOCSIN_INGEST_TOKENS", "compose-check-token");
    }
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
    return process;
  }

  @Test
  void composeFileIsValid() throws Exception {
    assumeTrue(dockerComposeInstalled(),
        "docker-compose is not installed; install it with `apt-get install docker-compose` to check the file");
    Process process = config(true);
    assertThat(process.exitValue())
        .as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void composeRefusesToStartIngestWithoutAToken() throws Exception {
    assumeTrue(dockerComposeInstalled(),
        "docker-compose is not installed; install it with `apt-get install docker-compose` to check the file");
    Process process = config(false);
    assertThat(process.exitValue()).isNotZero();
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("TOCSIN_INGEST_TOKENS");
  }
}
