package dev.tocsin.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({
      "0, 0",
      "0s, 0",
      "30s, 30000",
      "5m, 300000",
      "4h, 14400000",
      "1h30m, 5400000",
      "1d, 86400000",
      "2w, 1209600000",
      "1y, 31536000000",
      "1y2w3d4h5m6s7ms, 33019506007",
      "500ms, 500",
      "90m, 5400000",
  })
  void parsesPrometheusDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @ValueSource(strings = {"", "5", "300", "5 m", "1.5h", "-5m", "5M", "30s1m", "1h1h", "m", "5min", "PT5M"})
  void rejectsWhatPrometheusRejects(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest(name = "{0} ms formats as {1}")
  @CsvSource({
      "0, 0s",
      "30000, 30s",
      "5400000, 1h30m",
      "7776000000, 90d",
      "1209600000, 2w",
      "31536000000, 1y",
      "1500, 1s500ms",
  })
  void formatsAsPrometheusDoesAndReadsBack(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{0} overflows")
  @ValueSource(strings = {"99999999999999999999s", "999999999999y"})
  void rejectsDurationsTooLongToHold(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }
}
