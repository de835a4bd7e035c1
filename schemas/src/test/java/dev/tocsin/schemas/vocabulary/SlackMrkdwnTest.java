package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackMrkdwnTest {

  @ParameterizedTest
  @ValueSource(strings = {"<!channel> ping", "<https://evil.example|click>", "a & b", "&lt; literal", "plain"})
  void escapingLeavesNoControlCharacterAndUnescapingRestoresTheText(String text) {
    String escaped = SlackMrkdwn.escape(text);

    assertThat(escaped).doesNotContain("<", ">");
    assertThat(SlackMrkdwn.unescape(escaped)).isEqualTo(text);
  }
}
