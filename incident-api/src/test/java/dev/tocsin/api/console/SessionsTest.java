package dev.tocsin.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionsTest {
  private static final byte[] SECRET = "0123456789abcdef-console-secret".getBytes(StandardCharsets.UTF_8);
  private static final Instant ISSUED = Instant.parse("2026-03-10T08:00:00Z");
  private static final ApiKeys.Caller ALICE = new ApiKeys.Caller("alice", Set.of(Scope.READ, Scope.WRITE));
  private static final ApiKeys.Caller BOB = new ApiKeys.Caller("bob", Set.of(Scope.READ));

  private final Sessions sessions = new Sessions(SECRET);

  @Test
  void aCookieVerifiesToTheSameNameAndScopesBeforeItExpires() {
    String cookie = sessions.issue(ALICE, ISSUED);

    assertThat(Sessions.LIFETIME).isEqualTo(Duration.ofHours(12));
    assertThat(sessions.verify(cookie, ISSUED)).contains(ALICE);
    assertThat(sessions.verify(cookie, ISSUED.plus(Duration.ofHours(6)))).contains(ALICE);
    assertThat(sessions.verify(cookie, ISSUED.plus(Sessions.LIFETIME).minusSeconds(1))).contains(ALICE);
    assertThat(sessions.verify(cookie, ISSUED.plus(Sessions.LIFETIME).minusSeconds(1)).orElseThrow().scopes())
        .containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
  }

  @Test
  void aCookieIsRefusedAfterItsLifetime() {
    String cookie = sessions.issue(ALICE, ISSUED);

    assertThat(sessions.verify(cookie, ISSUED.plus(Sessions.LIFETIME).plusSeconds(1))).isEmpty();
    assertThat(sessions.verify(cookie, ISSUED.plus(Duration.ofDays(2)))).isEmpty();
  }

  @Test
  void aCookieCarriesReadOnlyAndEmptyScopesAndAnyNameAsIssued() {
    ApiKeys.Caller nobody = new ApiKeys.Caller("Zoë Müller", Set.of());

    assertThat(sessions.verify(sessions.issue(BOB, ISSUED), ISSUED)).contains(BOB);
    assertThat(sessions.verify(sessions.issue(nobody, ISSUED), ISSUED)).contains(nobody);
  }

  @Test
  void everyInstanceWithTheSameSecretAcceptsTheCookie() {
    String cookie = sessions.issue(ALICE, ISSUED);

    assertThat(new Sessions(SECRET.clone()).verify(cookie, ISSUED.plusSeconds(60))).contains(ALICE);
  }

  @Test
  void aCookieSignedWithAnotherSecretIsRefused() {
    Sessions other = new Sessions("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
    String foreign = other.issue(ALICE, ISSUED);

    assertThat(other.verify(foreign, ISSUED)).contains(ALICE);
    assertThat(sessions.verify(foreign, ISSUED)).isEmpty();
  }

  @Test
  void aCookieWithOneCharacterOfThePayloadChangedIsRefused() {
    String cookie = sessions.issue(ALICE, ISSUED);
    int dot = cookie.indexOf('.');

    for (int at : new int[] {0, dot / 2, dot - 1}) {
      String changed = changeAt(cookie, at);
      assertThat(changed).isNotEqualTo(cookie);
      assertThat(sessions.verify(changed, ISSUED)).as("payload changed at %d", at).isEmpty();
    }
  }

  @Test
  void aCookieWithOneCharacterOfTheSignatureChangedIsRefused() {
    String cookie = sessions.issue(ALICE, ISSUED);
    int dot = cookie.indexOf('.');

    // not the last character: its two low bits are padding that the JDK's decoder ignores
    for (int at : new int[] {dot + 1, dot + 20, cookie.length() - 2}) {
      String changed = changeAt(cookie, at);
      assertThat(changed).isNotEqualTo(cookie);
      assertThat(sessions.verify(changed, ISSUED)).as("signature changed at %d", at).isEmpty();
    }
  }

  @Test
  void aPayloadSignedForAnotherCallerIsRefused() {
    String alice = sessions.issue(ALICE, ISSUED);
    String bob = sessions.issue(BOB, ISSUED);
    String spliced = bob.substring(0, bob.indexOf('.')) + alice.substring(alice.indexOf('.'));

    assertThat(sessions.verify(spliced, ISSUED)).isEmpty();
  }

  @Test
  void aTruncatedCookieIsRefused() {
    String cookie = sessions.issue(ALICE, ISSUED);
    int dot = cookie.indexOf('.');

    assertThat(sessions.verify(cookie.substring(0, cookie.length() - 1), ISSUED)).isEmpty();
    assertThat(sessions.verify(cookie.substring(0, cookie.length() - 2), ISSUED)).isEmpty();
    assertThat(sessions.verify(cookie.substring(0, cookie.length() - 3), ISSUED)).isEmpty();
    assertThat(sessions.verify(cookie.substring(0, dot + 1), ISSUED)).isEmpty();
    assertThat(sessions.verify(cookie.substring(0, dot), ISSUED)).isEmpty();
    assertThat(sessions.verify(cookie.substring(dot), ISSUED)).isEmpty();
    assertThat(sessions.verify(cookie.substring(1), ISSUED)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "no-dot-at-all", "YWxpY2UKUkVBRAo5OTk5OTk5OTk5",
      "!!!.???", "abc.d", "abc.!!!!", "%%%%.%%%%", "YWxpY2U.not base64 at all", "a.b.c", ".YWJj"})
  void malformedCookiesAreRefused(String cookie) {
    assertThat(sessions.verify(cookie, ISSUED)).isEmpty();
  }

  @Test
  void noCookieIsRefused() {
    assertThat(sessions.verify(null, ISSUED)).isEmpty();
  }

  @Test
  void theCsrfTokenIsStableForOneCookieAndDiffersBetweenCookies() {
    String alice = sessions.issue(ALICE, ISSUED);
    String aliceLater = sessions.issue(ALICE, ISSUED.plusSeconds(1));
    String bob = sessions.issue(BOB, ISSUED);

    String token = sessions.csrfToken(alice);

    assertThat(token).isNotBlank().isEqualTo(sessions.csrfToken(alice))
        .isEqualTo(new Sessions(SECRET).csrfToken(alice));
    assertThat(sessions.csrfToken(aliceLater)).isNotEqualTo(token);
    assertThat(sessions.csrfToken(bob)).isNotEqualTo(token);
    assertThat(token).isNotEqualTo(alice).doesNotContain(alice.substring(alice.indexOf('.') + 1));
  }

  @Test
  void theCsrfTokenDependsOnTheSecret() {
    String alice = sessions.issue(ALICE, ISSUED);
    Sessions other = new Sessions("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8));

    assertThat(other.csrfToken(alice)).isNotEqualTo(sessions.csrfToken(alice));
    assertThat(other.csrfValid(alice, sessions.csrfToken(alice))).isFalse();
  }

  @Test
  void csrfValidAcceptsTheSessionsOwnToken() {
    String alice = sessions.issue(ALICE, ISSUED);

    assertThat(sessions.csrfValid(alice, sessions.csrfToken(alice))).isTrue();
  }

  @Test
  void csrfValidRefusesAnotherSessionsToken() {
    String alice = sessions.issue(ALICE, ISSUED);
    String bob = sessions.issue(BOB, ISSUED);

    assertThat(sessions.csrfValid(alice, sessions.csrfToken(bob))).isFalse();
    assertThat(sessions.csrfValid(bob, sessions.csrfToken(alice))).isFalse();
  }

  @Test
  void csrfValidRefusesAChangedToken() {
    String alice = sessions.issue(ALICE, ISSUED);
    String token = sessions.csrfToken(alice);

    assertThat(sessions.csrfValid(alice, changeAt(token, 0))).isFalse();
    assertThat(sessions.csrfValid(alice, changeAt(token, token.length() / 2))).isFalse();
    assertThat(sessions.csrfValid(alice, token.substring(0, token.length() - 1))).isFalse();
    assertThat(sessions.csrfValid(alice, token + "A")).isFalse();
    assertThat(sessions.csrfValid(alice, "")).isFalse();
  }

  @Test
  void csrfValidRefusesANullTokenOrANullCookie() {
    String alice = sessions.issue(ALICE, ISSUED);

    assertThat(sessions.csrfValid(alice, null)).isFalse();
    assertThat(sessions.csrfValid(null, sessions.csrfToken(alice))).isFalse();
    assertThat(sessions.csrfValid(null, null)).isFalse();
  }

  @Test
  void aSecretShorterThanSixteenBytesIsRefused() {
    assertThatThrownBy(() -> new Sessions(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> new Sessions(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecretOfSixteenBytesIsEnough() {
    Sessions minimal = new Sessions("exactly16bytes!!".getBytes(StandardCharsets.UTF_8));

    assertThat(minimal.verify(minimal.issue(BOB, ISSUED), ISSUED)).contains(BOB);
  }

  @Test
  void changingTheSecretArrayAfterConstructionChangesNothing() {
    byte[] secret = SECRET.clone();
    Sessions copied = new Sessions(secret);
    String cookie = copied.issue(ALICE, ISSUED);

    secret[0] ^= 1;

    assertThat(copied.verify(cookie, ISSUED)).contains(ALICE);
  }

  /** {@code text} with the character at {@code at} replaced by another base64url character. */
  private static String changeAt(String text, int at) {
    char replacement = text.charAt(at) == 'A' ? 'B' : 'A';
    return text.substring(0, at) + replacement + text.substring(at + 1);
  }

  @Test
  void everyOtherSpellingOfTheSignatureIsRefusedEvenWhereBase64WouldDecodeItAlike() {
    Sessions sessions = new Sessions(SECRET);
    String cookie = sessions.issue(ALICE, ISSUED);
    char last = cookie.charAt(cookie.length() - 1);
    String base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (char c : base64.toCharArray()) {
      if (c != last) {
        assertThat(sessions.verify(cookie.substring(0, cookie.length() - 1) + c, ISSUED)).as("ending " + c).isEmpty();
      }
    }
    assertThat(sessions.verify(cookie, ISSUED)).isPresent();
  }
}
