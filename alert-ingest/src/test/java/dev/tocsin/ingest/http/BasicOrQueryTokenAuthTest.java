package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicOrQueryTokenAuthTest {
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      "gcm:s3cret".getBytes(StandardCharsets.UTF_8));
  private final BasicOrQueryTokenAuth auth = new BasicOrQueryTokenAuth(List.of("gcm:s3cret"),
      List.of("old-token", "new-token"));

  @ParameterizedTest
  @ValueSource(strings = {"token=old-token", "token=new-token", "a=1&token=new-token&b=2", "t%6Fken=new-token",
      "token=new%2Dtoken"})
  void acceptsOneValidQueryToken(String query) {
    assertThat(auth.check(List.of(), query)).isEqualTo(AuthDecision.ACCEPTED);
  }

  @Test
  void acceptsOneValidBasicHeader() {
    assertThat(auth.check(List.of(BASIC), null)).isEqualTo(AuthDecision.ACCEPTED);
    assertThat(auth.check(List.of(BASIC), "other=1")).isEqualTo(AuthDecision.ACCEPTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"token=old-token&token=new-token", "token=new-token&token=new-token",
      "token=new-token&t%6Fken=guess", "token=new-token&token", "token=new-token&token=%zz"})
  void refusesTwoTokensWhicheverIsValid(String query) {
    assertThat(auth.check(List.of(), query)).isEqualTo(AuthDecision.AMBIGUOUS);
  }

  @Test
  void refusesTwoHeadersOrAHeaderAndAToken() {
    assertThat(auth.check(List.of(BASIC, BASIC), null)).isEqualTo(AuthDecision.AMBIGUOUS);
    assertThat(auth.check(List.of(BASIC, "Basic Z3Vlc3M6Z3Vlc3M="), null)).isEqualTo(AuthDecision.AMBIGUOUS);
    assertThat(auth.check(List.of(BASIC), "token=new-token")).isEqualTo(AuthDecision.AMBIGUOUS);
    assertThat(auth.check(List.of(""), "token=new-token")).isEqualTo(AuthDecision.AMBIGUOUS);
  }

  @Test
  void tellsMissingMalformedAndRejectedApart() {
    assertThat(auth.check(List.of(), null)).isEqualTo(AuthDecision.MISSING);
    assertThat(auth.check(List.of(), "tokens=new-token&to%zzken=new-token")).isEqualTo(AuthDecision.MISSING);
    assertThat(auth.check(List.of(), "token=")).isEqualTo(AuthDecision.MALFORMED);
    assertThat(auth.check(List.of(), "token=%zz")).isEqualTo(AuthDecision.MALFORMED);
    assertThat(auth.check(List.of("Bearer new-token"), null)).isEqualTo(AuthDecision.MALFORMED);
    assertThat(auth.check(List.of(), "token=guess")).isEqualTo(AuthDecision.REJECTED);
  }
}
