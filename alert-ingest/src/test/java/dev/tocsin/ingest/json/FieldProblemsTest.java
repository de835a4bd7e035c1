package dev.tocsin.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldProblemsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "alerts[0].labels|team|alerts[0].labels.team",
      "''|name|name",
      "labels|team name|labels[\"team name\"]",
      "labels|a\"b\\c|labels[\"a\\\"b\\\\c\"]",
      "''|0day|[\"0day\"]"})
  void buildsFieldPathsQuotingNamesThatAreNotPlain(String path, String name, String expected) {
    assertThat(FieldProblems.child(path, name)).isEqualTo(expected);
  }

  @Test
  void escapesControlCharactersAndUnpairedSurrogatesWhenEchoing() {
    assertThat(FieldProblems.quote("a\nb\u0000\ud800c\uD83D\uDD25")).isEqualTo("\"a\\u000ab\\u0000\\ud800c\uD83D\uDD25\"");
  }

  @Test
  void shortensLongEchoesWithoutSplittingASurrogatePair() {
    String echoed = FieldProblems.quote("x".repeat(63) + "\uD83D\uDD25" + "y".repeat(10));

    assertThat(echoed).isEqualTo("\"" + "x".repeat(63) + "…\"");
    assertThat(JsonFields.isWellFormedUnicode(echoed)).isTrue();
  }

  @Test
  void namesTheBodyForProblemsOfTheRoot() {
    FieldProblems problems = new FieldProblems();
    problems.add("", "must be an object");

    assertThat(problems.list()).containsExactly("body: must be an object");
  }

  @Test
  void boundsTheReportAndCountsTheRest() {
    FieldProblems problems = new FieldProblems();
    for (int i = 0; i < 250; i++) {
      problems.add("f" + i, "bad");
    }

    assertThat(problems.count()).isEqualTo(250);
    assertThat(problems.list()).hasSize(101).endsWith("... and 150 more problems");
  }
}
