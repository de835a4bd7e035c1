package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DedupTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:53:03.656Z");
  private static final AlertObservation BASE = new AlertObservation("28593e58a253cffc", AlertStatus.FIRING,
      Map.of("alertname", "HighErrorRate", "service", "checkout"), Map.of("summary", "5xx"), T0, null, Severity.P0,
      "http://prometheus/graph");

  @Test
  void firstSightingIsNew() {
    assertThat(Dedup.decide(null, BASE)).isEqualTo(DedupVerdict.NEW);
  }

  @Test
  void identicalRepeatIsDuplicate() {
    AlertObservation repeat = new AlertObservation(BASE.fingerprint(), BASE.status(), Map.copyOf(BASE.labels()),
        Map.copyOf(BASE.annotations()), BASE.startsAt(), null, BASE.severity(), BASE.generatorUrl());
    assertThat(Dedup.decide(BASE, repeat)).isEqualTo(DedupVerdict.DUPLICATE);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("resolved", (UnaryOperator<AlertObservation>) a -> a.withStatus(AlertStatus.RESOLVED,
            T0.plusSeconds(60))),
        Arguments.of("new startsAt", (UnaryOperator<AlertObservation>) a -> new AlertObservation(a.fingerprint(),
            a.status(), a.labels(), a.annotations(), T0.plusSeconds(3600), null, a.severity(), a.generatorUrl())),
        Arguments.of("changed annotation", (UnaryOperator<AlertObservation>) a -> new AlertObservation(
            a.fingerprint(), a.status(), a.labels(), Map.of("summary", "worse"), a.startsAt(), null, a.severity(),
            a.generatorUrl())),
        Arguments.of("changed severity", (UnaryOperator<AlertObservation>) a -> new AlertObservation(
            a.fingerprint(), a.status(), a.labels(), a.annotations(), a.startsAt(), null, Severity.P2,
            a.generatorUrl())));
  }

  @ParameterizedTest(name = "{0} passes on")
  @MethodSource("changes")
  void changeThatMattersIsChanged(String what, UnaryOperator<AlertObservation> change) {
    assertThat(Dedup.decide(BASE, change.apply(BASE))).isEqualTo(DedupVerdict.CHANGED);
  }
}
