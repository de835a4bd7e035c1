package dev.tocsin.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.ops.http.AuthDecision;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {
  private final ApiKeys keys = new ApiKeys(List.of(
      new ApiKeys.Key("deploy-bot", "write-key-0123456789", Set.of(Scope.READ, Scope.WRITE)),
      new ApiKeys.Key("dashboard", "read-key-0123456789", Set.of(Scope.READ)),
      new ApiKeys.Key("deploy-bot-next", "rotated-key-0123456789", Set.of(Scope.READ, Scope.WRITE))));

  @ParameterizedTest
  @ValueSource(strings = {"Bearer write-key-0123456789", "bearer write-key-0123456789",
      "BEARER write-key-0123456789", "  Bearer   write-key-0123456789  "})
  void acceptsABearerKeyWithItsNameAndScopes(String header) {
    assertThat(keys.check(List.of(header)))
        .isEqualTo(new ApiKeys.Caller("deploy-bot", Set.of(Scope.READ, Scope.WRITE)));
  }

  @Test
  void acceptsEveryConfiguredKeyAsItself() {
    assertThat(keys.check(List.of("Bearer rotated-key-0123456789")))
        .isEqualTo(new ApiKeys.Caller("deploy-bot-next", Set.of(Scope.READ, Scope.WRITE)));
    assertThat(keys.check(List.of("Bearer read-key-0123456789")))
        .isEqualTo(new ApiKeys.Caller("dashboard", Set.of(Scope.READ)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy-bot", "anyone", "", "curl user"})
  void acceptsTheKeyAsTheBasicPasswordWhateverTheUser(String user) {
    assertThat(keys.check(List.of(basic(user + ":write-key-0123456789"))))
        .isEqualTo(new ApiKeys.Caller("deploy-bot", Set.of(Scope.READ, Scope.WRITE)));
  }

  @Test
  void takesTheBasicPasswordAfterTheFirstColon() {
    ApiKeys withColon = new ApiKeys(List.of(new ApiKeys.Key("ci", "pa:ss:word", Set.of(Scope.WRITE))));

    assertThat(withColon.check(List.of(basic("user:pa:ss:word"))))
        .isEqualTo(new ApiKeys.Caller("ci", Set.of(Scope.WRITE)));
    assertThat(withColon.check(List.of(basic("user:pa")))).isEqualTo(new ApiKeys.Refused(AuthDecision.REJECTED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer wrong", "Bearer write-key-012345678", "Bearer write-key-01234567890",
      "Bearer WRITE-KEY-0123456789", "Bearer deploy-bot"})
  void rejectsAWrongBearerKey(String header) {
    assertThat(keys.check(List.of(header))).isEqualTo(new ApiKeys.Refused(AuthDecision.REJECTED));
  }

  @Test
  void rejectsAWrongBasicPasswordEvenWhenTheUserIsAKeyName() {
    assertThat(keys.check(List.of(basic("deploy-bot:wrong")))).isEqualTo(new ApiKeys.Refused(AuthDecision.REJECTED));
    assertThat(keys.check(List.of(basic("write-key-0123456789:x"))))
        .isEqualTo(new ApiKeys.Refused(AuthDecision.REJECTED));
  }

  @Test
  void reportsAMissingHeader() {
    assertThat(keys.check(List.of())).isEqualTo(new ApiKeys.Refused(AuthDecision.MISSING));
  }

  @Test
  void refusesTwoHeadersEvenWhenBothAreValid() {
    assertThat(keys.check(List.of("Bearer write-key-0123456789", "Bearer read-key-0123456789")))
        .isEqualTo(new ApiKeys.Refused(AuthDecision.AMBIGUOUS));
    assertThat(keys.check(List.of("Bearer write-key-0123456789", "Bearer wrong")))
        .isEqualTo(new ApiKeys.Refused(AuthDecision.AMBIGUOUS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Token write-key-0123456789", "Digest username=\"a\"", "write-key-0123456789",
      "Bearer", "Bearer ", "Basic", "Basic !!!not-base64!!!", "Basic d3JpdGUta2V5LTAxMjM0NTY3ODk=x"})
  void reportsOtherSchemesAndUnreadableCredentialsAsMalformed(String header) {
    assertThat(keys.check(List.of(header))).isEqualTo(new ApiKeys.Refused(AuthDecision.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"anyone:", "no-colon-at-all", ""})
  void reportsABasicCredentialWithoutAPasswordAsMalformed(String credential) {
    assertThat(keys.check(List.of(basic(credential)))).isEqualTo(new ApiKeys.Refused(AuthDecision.MALFORMED));
  }

  @Test
  void aReadOnlyKeyMayOnlyRead() {
    ApiKeys.Verdict verdict = keys.check(List.of("Bearer read-key-0123456789"));

    assertThat(verdict).isInstanceOf(ApiKeys.Caller.class);
    ApiKeys.Caller caller = (ApiKeys.Caller) verdict;
    assertThat(caller.name()).isEqualTo("dashboard");
    assertThat(caller.scopes()).containsExactly(Scope.READ);
    assertThat(caller.may(Scope.READ)).isTrue();
    assertThat(caller.may(Scope.WRITE)).isFalse();
  }

  @Test
  void aWriteKeyMayReadAndWrite() {
    ApiKeys.Caller caller = (ApiKeys.Caller) keys.check(List.of("Bearer write-key-0123456789"));

    assertThat(caller.may(Scope.READ)).isTrue();
    assertThat(caller.may(Scope.WRITE)).isTrue();
  }

  @Test
  void aKeyNeverShowsItsSecret() {
    ApiKeys.Key key = new ApiKeys.Key("deploy-bot", "write-key-0123456789", Set.of(Scope.WRITE));

    assertThat(key.toString()).doesNotContain("write-key-0123456789").contains("deploy-bot").contains("[hidden]")
        .contains("WRITE");
    assertThat(List.of(key).toString()).doesNotContain("write-key-0123456789");
  }

  @Test
  void aKeyCopiesItsScopes() {
    Set<Scope> scopes = new HashSet<>(Set.of(Scope.READ));
    ApiKeys.Key key = new ApiKeys.Key("dashboard", "read-key", scopes);
    scopes.add(Scope.WRITE);

    assertThat(key.scopes()).containsExactly(Scope.READ);
    assertThatThrownBy(() -> key.scopes().add(Scope.WRITE)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requiresAtLeastOneKey() {
    assertThatThrownBy(() -> new ApiKeys(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one API key is required");
  }

  @Test
  void scopesHaveTheirDocumentedIds() {
    assertThat(Scope.READ.id()).isEqualTo("incidents:read");
    assertThat(Scope.WRITE.id()).isEqualTo("incidents:write");
  }

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }
}
