package dev.tocsin.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void aClientIsRefusedAfterTenFailuresUntilTheOldestAgesOut() {
    LoginThrottle throttle = new LoginThrottle();
    for (int i = 0; i < 9; i++) {
      throttle.failed("10.0.0.1", T0.plusSeconds(i));
    }
    assertThat(throttle.waitFor("10.0.0.1", T0.plusSeconds(9))).as("nine failures: still allowed").isEmpty();

    throttle.failed("10.0.0.1", T0.plusSeconds(9));

    assertThat(throttle.waitFor("10.0.0.1", T0.plusSeconds(60))).contains(Duration.ofMinutes(10).minusSeconds(60));
    assertThat(throttle.waitFor("10.0.0.2", T0.plusSeconds(60))).as("another address").isEmpty();
    assertThat(throttle.waitFor("10.0.0.1", T0.plus(Duration.ofMinutes(10)))).as("the first failure aged out")
        .isEmpty();
  }

  @Test
  void aSuccessForgetsTheFailures() {
    LoginThrottle throttle = new LoginThrottle();
    for (int i = 0; i < 10; i++) {
      throttle.failed("10.0.0.1", T0);
    }
    assertThat(throttle.waitFor("10.0.0.1", T0)).isPresent();

    throttle.succeeded("10.0.0.1");

    assertThat(throttle.waitFor("10.0.0.1", T0)).isEmpty();
  }

  @Test
  void failuresOutsideTheWindowDoNotCount() {
    LoginThrottle throttle = new LoginThrottle();
    for (int i = 0; i < 10; i++) {
      throttle.failed("10.0.0.1", T0.plus(Duration.ofMinutes(2L * i)));
    }
    assertThat(throttle.waitFor("10.0.0.1", T0.plus(Duration.ofMinutes(18)))).as("only five in the last 10 min")
        .isEmpty();
  }
}
