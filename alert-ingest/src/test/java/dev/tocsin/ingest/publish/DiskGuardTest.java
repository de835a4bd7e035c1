package dev.tocsin.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.ingest.testing.InMemoryAlertPublisher;
import dev.tocsin.ingest.testing.TestAlerts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiskGuardTest {
  private static final long MIB = 1024 * 1024;
  private final AtomicLong free = new AtomicLong(10_000 * MIB);
  private final InMemoryAlertPublisher kafka = new InMemoryAlertPublisher();
  private final DiskGuard guard = new DiskGuard(kafka, Path.of("/var/lib/tocsin"), 256 * MIB, dir -> free.get(), 0);

  @Test
  void passesAlertsOnWhileEnoughIsFree() {
    guard.publish(List.of(TestAlerts.alert("a"))).join();

    assertThat(kafka.published()).hasSize(1);
    assertThat(guard.isReady()).isTrue();
  }

  @Test
  void refusesAndIsNotReadyBelowTheMinimumAndTakesAlertsAgainOnceSpaceIsFreed() {
    free.set(100 * MIB);

    assertThat(guard.isReady()).isFalse();
    assertThat(guard.publish(List.of(TestAlerts.alert("a")))).failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class).havingCause()
        .isInstanceOf(PublishException.class)
        .withMessage("the data directory /var/lib/tocsin has 100 MiB free, below the 256 MiB ingest keeps free");
    assertThat(kafka.published()).as("nothing reached Kafka").isEmpty();

    free.set(300 * MIB);
    guard.publish(List.of(TestAlerts.alert("b"))).join();
    assertThat(kafka.published()).hasSize(1);
    assertThat(guard.isReady()).isTrue();
  }

  @Test
  void isNotReadyWhileWhatItGuardsIsNot() {
    kafka.ready(false);

    assertThat(guard.isReady()).isFalse();
  }
}
