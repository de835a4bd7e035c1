package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokensTest {
  private final BearerTokens tokens = new BearerTokens(List.of("old-token", "new-token"));

  @ParameterizedTest
  @ValueSource(strings = {"Bearer old-token", "Bearer new-token", "bearer new-token", "Bearer  new-token "})
  void acceptsEveryConfiguredToken(String header) {
    assertThat(tokens.check(header)).isEqualTo(AuthDecision.ACCEPTED);
  }

  @Test
  void reportsAMissingHeader() {
    assertThat(tokens.check(null)).isEqualTo(AuthDecision.MISSING);
    assertThat(tokens.check(" ")).isEqualTo(AuthDecision.MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"old-token", "Basic b2xkLXRva2Vu", "Bearer", "Bearer "})
  void reportsHeadersThatAreNotBearerTokens(String header) {
    assertThat(tokens.check(header)).isEqualTo(AuthDecision.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer wrong", "Bearer old-token2", "Bearer old-toke", "Bearer OLD-TOKEN"})
  void rejectsOtherTokens(String header) {
    assertThat(tokens.check(header)).isEqualTo(AuthDecision.REJECTED);
  }

  @Test
  void bearerAuthRefusesTwoAuthorizationHeadersEvenWhenBothAreValid() {
    BearerAuth auth = new BearerAuth(tokens);

    assertThat(auth.check(List.of("Bearer old-token"), null)).isEqualTo(AuthDecision.ACCEPTED);
    assertThat(auth.check(List.of(), "token=old-token")).isEqualTo(AuthDecision.MISSING);
    assertThat(auth.check(List.of("Bearer old-token", "Bearer new-token"), null)).isEqualTo(AuthDecision.AMBIGUOUS);
    assertThat(auth.check(List.of("Bearer old-token", "Bearer wrong"), null)).isEqualTo(AuthDecision.AMBIGUOUS);
  }
}
