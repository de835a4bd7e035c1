package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackResponsesTest {

  @Test
  void answersOnlyTheInvokingUser() {
    assertThat(SlackResponses.ephemeral("Acknowledged INC-7K2M9QXD — on it."))
        .isEqualTo("{\"response_type\":\"ephemeral\",\"text\":\"Acknowledged INC-7K2M9QXD — on it.\"}");
  }

  @Test
  void escapesTheTextAsJson() {
    assertThat(SlackResponses.ephemeral("line \"one\"\nline\\two"))
        .isEqualTo("{\"response_type\":\"ephemeral\",\"text\":\"line \\\"one\\\"\\nline\\\\two\"}");
  }
}
