package dev.tocsin.incidents.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.incidents.config.Matcher.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherTest {
  static Stream<Arguments> parsedForms() {
    return Stream.of(
        Arguments.of("service=\"db\"", new Matcher("service", Type.EQUAL, "db")),
        Arguments.of("service!=\"db\"", new Matcher("service", Type.NOT_EQUAL, "db")),
        Arguments.of("service=~\"db|cache\"", new Matcher("service", Type.REGEX, "db|cache")),
        Arguments.of("service!~\"db|cache\"", new Matcher("service", Type.NOT_REGEX, "db|cache")),
        Arguments.of("service=db", new Matcher("service", Type.EQUAL, "db")),
        Arguments.of("  service  =~  db.*  ", new Matcher("service", Type.REGEX, "db.*")),
        Arguments.of("env=\"\"", new Matcher("env", Type.EQUAL, "")),
        Arguments.of("env=", new Matcher("env", Type.EQUAL, "")),
        Arguments.of("a=\"say \\\"hi\\\"\"", new Matcher("a", Type.EQUAL, "say \"hi\"")),
        Arguments.of("a=\"back\\\\slash\"", new Matcher("a", Type.EQUAL, "back\\slash")),
        Arguments.of("a=\"two\\nlines\"", new Matcher("a", Type.EQUAL, "two\nlines")),
        Arguments.of("a=~\"\\d+\"", new Matcher("a", Type.REGEX, "\\d+")),
        Arguments.of("a=~\"\\\\d+\"", new Matcher("a", Type.REGEX, "\\d+")),
        Arguments.of("a=\"x,y\"", new Matcher("a", Type.EQUAL, "x,y")),
        Arguments.of("a==b", new Matcher("a", Type.EQUAL, "=b")),
        Arguments.of("job:rate=\"1\"", new Matcher("job:rate", Type.EQUAL, "1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsedForms")
  void parsesEveryOperatorQuotedOrNotWithGoEscapes(String text, Matcher expected) {
    assertThat(Matcher.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsedForms")
  void printsAFormThatParsesBackToTheSameMatcher(String text, Matcher expected) {
    assertThat(Matcher.parse(expected.toString())).isEqualTo(expected);
  }

  @Test
  void printsAlertmanagerStyle() {
    assertThat(new Matcher("a", Type.NOT_EQUAL, "say \"x\\y\"\n").toString()).isEqualTo("a!=\"say \\\"x\\\\y\\\"\\n\"");
  }

  @ParameterizedTest(name = "{0} on {1}={2} → {3}")
  @CsvSource({
      // matcher,               label, value,       matches
      "'service=\"db\"',         service, db,         true",
      "'service=\"db\"',         service, db2,        false",
      "'service!=\"db\"',        service, db,         false",
      "'service!=\"db\"',        service, web,        true",
      "'service=~\"db|cache\"',  service, cache,      true",
      "'service=~\"db|cache\"',  service, dbx,        false",
      "'service=~\"db|cache\"',  service, xcache,     false",
      "'service=~\"d\"',         service, db,         false",
      "'service=~\"db.*\"',      service, db-primary, true",
      "'service!~\"db|cache\"',  service, cache,      false",
      "'service!~\"db|cache\"',  service, dbx,        true",
      "'service=~\"^db$\"',      service, db,         true",
      "'a=~\"\\d+\"',            a,       123,        true",
      "'a=~\"\\d+\"',            a,       12x,        false",
  })
  void regexesAreAnchoredAtBothEnds(String matcher, String label, String value, boolean matches) {
    assertThat(Matcher.parse(matcher).matches(Map.of(label, value))).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0} on an alert without the label → {1}")
  @CsvSource({
      "'env=\"\"',        true",
      "'env=\"prod\"',    false",
      "'env!=\"prod\"',   true",
      "'env!=\"\"',       false",
      "'env=~\".*\"',     true",
      "'env=~\".+\"',     false",
      "'env!~\".+\"',     true",
  })
  void aMissingLabelMatchesAsTheEmptyString(String matcher, boolean matches) {
    assertThat(Matcher.parse(matcher).matches(Map.of("service", "db"))).isEqualTo(matches);
  }

  @Test
  void toleratesNullLabelValuesAsMissing() {
    Map<String, String> labels = new HashMap<>();
    labels.put("env", null);
    assertThat(Matcher.parse("env=\"\"").matches(labels)).isTrue();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "''                  | empty matcher",
      "'   '               | empty matcher",
      "'=\"x\"'            | expected a label name at the start of '=\"x\"'",
      "'1a=\"x\"'          | expected a label name",
      "'a<\"x\"'           | unknown operator in 'a<\"x\"': expected one of =, !=, =~, !~",
      "'a'                 | unknown operator in 'a'",
      "'a-b=\"x\"'         | unknown operator in 'a-b=\"x\"'",
      "'a=~\"(\"'          | invalid regular expression \"(\"",
      "'a=\"x'             | missing closing double quote in 'a=\"x'",
      "'a=\"x\"y\"'        | unescaped double quote",
      "'a=x\"'             | unescaped double quote",
  })
  void rejectsMalformedMatchersSayingWhy(String text, String message) {
    assertThatThrownBy(() -> Matcher.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesInvalidNamesAndRegexesWhenBuiltInCode() {
    assertThatThrownBy(() -> new Matcher("a b", Type.EQUAL, "x")).hasMessageContaining("invalid label name");
    assertThatThrownBy(() -> new Matcher("a", Type.NOT_REGEX, "[")).hasMessageContaining("invalid regular expression");
  }

  static Stream<Arguments> lists() {
    List<Matcher> two = List.of(new Matcher("a", Type.EQUAL, "b"), new Matcher("c", Type.REGEX, "d"));
    return Stream.of(
        Arguments.of("{a=\"b\", c=~\"d\"}", two),
        Arguments.of("a=\"b\",c=~\"d\"", two),
        Arguments.of(" { a=\"b\" , c=~\"d\" , } ", two),
        Arguments.of("a=b,c=~d", two),
        Arguments.of("{}", List.of()),
        Arguments.of("", List.of()),
        Arguments.of("{a=\"x, y\", c=~\"d\"}",
            List.of(new Matcher("a", Type.EQUAL, "x, y"), new Matcher("c", Type.REGEX, "d"))),
        Arguments.of("a=\"q\\\",\",c=~d",
            List.of(new Matcher("a", Type.EQUAL, "q\","), new Matcher("c", Type.REGEX, "d"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lists")
  void parsesListsWithOrWithoutBracesAndCommasInsideQuotes(String text, List<Matcher> expected) {
    assertThat(Matcher.parseList(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "'{a=\"b\"'          | missing closing '}'",
      "'a=\"b\"}'          | missing opening '{'",
      "'a=\"b\",,c=\"d\"'  | empty matcher",
      "'a=\"b, c=d'        | missing closing double quote",
      "'a=\"b\", c<d'      | unknown operator in ' c<d'",
  })
  void rejectsMalformedLists(String text, String message) {
    assertThatThrownBy(() -> Matcher.parseList(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void matchersMatchWhenAllDoAndEmptyMatchersMatchEverything() {
    Matchers both = Matchers.parse(List.of("service=~\"db|cache\"", "env=\"prod\""));
    assertThat(both.matches(Map.of("service", "db", "env", "prod"))).isTrue();
    assertThat(both.matches(Map.of("service", "db", "env", "dev"))).isFalse();
    assertThat(Matchers.EMPTY.matches(Map.of())).isTrue();
  }

  @Test
  void aMatchersLineMayHoldSeveralMatchersAsInAlertmanager() {
    assertThat(Matchers.parse(List.of("{service=\"db\", env=\"prod\"}", "team=sre")).matchers())
        .extracting(Matcher::name).containsExactly("service", "env", "team");
  }

  @Test
  void matchersPrintAsAlertmanagerRouteKeys() {
    assertThat(Matchers.parse(List.of("service=~\"db|cache\"", "env=\"prod\"")))
        .hasToString("{service=~\"db|cache\",env=\"prod\"}");
    assertThat(Matchers.EMPTY).hasToString("{}");
  }
}
