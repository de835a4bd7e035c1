package dev.tocsin.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintsTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(Map.of(), "cbf29ce484222325"),
        Arguments.of(Map.of("job", "foo", "severity", "warning"), "9266ef3da838ad95"),
        Arguments.of(Map.of("job", "foo", "severity", "critical"), "3b15fd163d36582e"),
        Arguments.of(Map.of("alertname", "HighCPU", "instance", "api-1:9100", "severity", "critical"),
            "3930d76917ce89c5"));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void matchesAlertmanagersTestVectors(Map<String, String> labels, String expected) {
    assertThat(Fingerprints.of(labels)).isEqualTo(expected);
  }

  @Test
  void ignoresTheOrderLabelsArriveIn() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("alertname", "HighCPU");
    forward.put("instance", "api-1:9100");
    forward.put("severity", "critical");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("severity", "critical");
    backward.put("instance", "api-1:9100");
    backward.put("alertname", "HighCPU");

    assertThat(Fingerprints.of(backward)).isEqualTo(Fingerprints.of(forward)).isEqualTo("3930d76917ce89c5");
  }

  @Test
  void separatesNamesFromValuesSoShiftedBoundariesDiffer() {
    assertThat(Fingerprints.of(Map.of("ab", "c"))).isNotEqualTo(Fingerprints.of(Map.of("a", "bc")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"28593e58a253cffc", "28593E58A253CFFC", "0000000000000000"})
  void acceptsSixteenHexDigits(String value) {
    assertThat(Fingerprints.isWellFormed(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "28593e58a253cff", "28593e58a253cffc0", "28593e58a253cffg", " 28593e58a253cff"})
  void rejectsAnythingElseAsAFingerprint(String value) {
    assertThat(Fingerprints.isWellFormed(value)).isFalse();
  }
}
