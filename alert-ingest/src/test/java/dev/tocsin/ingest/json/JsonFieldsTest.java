package dev.tocsin.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tocsin.ingest.domain.AlertLimits;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFieldsTest {
  private final JsonFields fields = new JsonFields(AlertLimits.DEFAULT);

  @ParameterizedTest
  @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00", "2026-01-10t08:15:30z",
      "2018-08-03T09:52:26.739266876+02:00"})
  void readsRfc3339TimesWithFourDigitYears(String time) {
    assertThat(fields.rfc3339(JsonNodeFactory.instance.textNode(time), "t")).isNotNull();
    assertThat(fields.problems().isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+10000-01-01T00:00:00Z", "+292278994-08-17T07:12:55.807Z", "2026-01-10T08:15Z",
      "2026-01-10T08:15:30", "2026-02-30T00:00:00Z", "2026-01-10T08:15:30.1234567890Z"})
  void refusesTimesThatAreNotRfc3339OrOutOfAvrosRange(String time) {
    assertThat(fields.rfc3339(JsonNodeFactory.instance.textNode(time), "t")).isNull();
    assertThat(fields.problems().list()).containsExactly("t: not an RFC 3339 timestamp");
  }

  @Test
  void keepsEveryReadTimeWithinMillisecondRange() {
    Instant latest = fields.rfc3339(JsonNodeFactory.instance.textNode("9999-12-31T23:59:59.999999999-18:00"), "t");

    assertThat(latest.toEpochMilli()).isPositive();
  }

  @Test
  void countsCodePoints() {
    assertThat(JsonFields.length("a\uD83D\uDD25")).isEqualTo(2);
  }

  @Test
  void findsUnpairedSurrogates() {
    assertThat(JsonFields.isWellFormedUnicode("ok \uD83D\uDD25")).isTrue();
    assertThat(JsonFields.isWellFormedUnicode("\uD83D")).isFalse();
    assertThat(JsonFields.isWellFormedUnicode("\uDD25\uD83D")).isFalse();
    assertThat(JsonFields.isWellFormedUnicode("a\uD83Db")).isFalse();
  }
}
