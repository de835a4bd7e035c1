package dev.tocsin.incidents.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerKeysTest {

  @Test
  void keysArePaddedToTwentyDigitsSoTheySortByDueTime() {
    assertThat(TimerKeys.dueAt(Instant.ofEpochMilli(42), "g")).isEqualTo("00000000000000000042|g");
    assertThat(TimerKeys.dueAt(Instant.ofEpochMilli(1_795_423_546_697L), "{}:{a=\"b\"}"))
        .isEqualTo("00000001795423546697|{}:{a=\"b\"}");
    assertThat(TimerKeys.dueAt(Instant.ofEpochMilli(999), "z"))
        .isLessThan(TimerKeys.dueAt(Instant.ofEpochMilli(1000), "a"))
        .isGreaterThan(TimerKeys.FIRST);
    assertThat(TimerKeys.dueAt(Instant.ofEpochMilli(1000), "\uffff"))
        .isGreaterThan(TimerKeys.dueAt(Instant.ofEpochMilli(1000), "any group"));
  }
}
