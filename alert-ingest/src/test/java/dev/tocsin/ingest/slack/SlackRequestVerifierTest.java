package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tocsin.ingest.domain.SignatureVerdict;
import dev.tocsin.ingest.domain.SignatureVerdict.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackRequestVerifierTest {
  // Slack's worked example (https://api.slack.com/authentication/verifying-requests-from-slack),
  // reproduced with HmacSHA256 and by other implementations citing the page.
  private static final String DOCUMENTED_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String DOCUMENTED_TIMESTAMP = "1531420618";
  private static final byte[] DOCUMENTED_BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J"
      + "&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
      + "&command=%2Fwebhook-collect&text="
      + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
      + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
  private static final String DOCUMENTED_SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant SIGNED_AT = Instant.ofEpochSecond(1531420618);

  private final SlackRequestVerifier verifier =
      new SlackRequestVerifier(List.of(DOCUMENTED_SECRET), SlackRequestVerifier.DEFAULT_WINDOW);

  @Test
  void acceptsSlacksDocumentedExample() {
    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void acceptsASignatureInUpperCaseHex() {
    String upper = "v0=" + DOCUMENTED_SIGNATURE.substring(3).toUpperCase(Locale.ROOT);

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, upper, DOCUMENTED_BODY, SIGNED_AT)).isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void acceptsEverySecretDuringRotation() {
    SlackRequestVerifier rotating =
        new SlackRequestVerifier(List.of("new-secret-0123456789", DOCUMENTED_SECRET), Duration.ofMinutes(5));

    assertThat(rotating.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(SignatureVerdict.VALID);
    assertThat(rotating.verify(DOCUMENTED_TIMESTAMP, sign("new-secret-0123456789", DOCUMENTED_TIMESTAMP, DOCUMENTED_BODY),
        DOCUMENTED_BODY, SIGNED_AT)).isEqualTo(SignatureVerdict.VALID);
  }

  @ParameterizedTest(name = "now = signed at {0}s")
  @ValueSource(longs = {-300, -1, 0, 1, 299, 300})
  void acceptsTimestampsWithinFiveMinutesEitherWay(long offsetSeconds) {
    Instant now = SIGNED_AT.plusSeconds(offsetSeconds);

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, now))
        .isEqualTo(SignatureVerdict.VALID);
  }

  @ParameterizedTest(name = "now = signed at {0}s")
  @ValueSource(longs = {301, 3600, 86_400 * 365})
  void refusesOldTimestampsAsReplays(long ageSeconds) {
    Instant now = SIGNED_AT.plusSeconds(ageSeconds);

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, now))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.STALE));
  }

  @ParameterizedTest(name = "signed {0}s after now")
  @ValueSource(longs = {301, 3600, 86_400 * 365})
  void refusesTimestampsInTheFuture(long aheadSeconds) {
    Instant now = SIGNED_AT.minusSeconds(aheadSeconds);

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, now))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.STALE));
  }

  @Test
  void honoursAConfiguredWindow() {
    SlackRequestVerifier strict = new SlackRequestVerifier(List.of(DOCUMENTED_SECRET), Duration.ofSeconds(30));

    assertThat(strict.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT.plusSeconds(30)))
        .isEqualTo(SignatureVerdict.VALID);
    assertThat(strict.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT.plusSeconds(31)))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.STALE));
  }

  @Test
  void refusesATamperedBody() {
    byte[] tampered = Arrays.copyOf(DOCUMENTED_BODY, DOCUMENTED_BODY.length);
    tampered[tampered.length - 1] ^= 1;

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, DOCUMENTED_SIGNATURE, tampered, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MISMATCH));
  }

  @Test
  void refusesASignatureMovedToAnotherTimestamp() {
    assertThat(verifier.verify("1531420619", DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MISMATCH));
  }

  @Test
  void refusesASignatureMadeWithAnotherSecret() {
    String forged = sign("not-the-secret", DOCUMENTED_TIMESTAMP, DOCUMENTED_BODY);

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, forged, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MISMATCH));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t"})
  void reportsAnAbsentTimestampAsMissing(String timestamp) {
    assertThat(verifier.verify(timestamp, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MISSING));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" "})
  void reportsAnAbsentSignatureAsMissing(String signature) {
    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, signature, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MISSING));
  }

  @ParameterizedTest(name = "[{index}] timestamp \"{0}\"")
  @ValueSource(strings = {"1531420618.5", "-1531420618", "+1531420618", "0x5b47", "1531420618 ", "9999999999999",
      "2018-07-12T18:36:58Z", "١٥٣١٤٢٠٦١٨"})
  void reportsANonNumericTimestampAsMalformed(String timestamp) {
    assertThat(verifier.verify(timestamp, DOCUMENTED_SIGNATURE, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MALFORMED));
  }

  @ParameterizedTest(name = "[{index}] signature \"{0}\"")
  @ValueSource(strings = {
      "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50",
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5033",
      "v0=g2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "v0= a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "v0=",
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503,v0=00"})
  void reportsASignatureNotInTheV0FormatAsMalformed(String signature) {
    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, signature, DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MALFORMED));
  }

  @Test
  void checksTheFormatBeforeTheClock() {
    assertThat(verifier.verify("0", "v0=zz", DOCUMENTED_BODY, SIGNED_AT))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MALFORMED));
  }

  @Test
  void signsTheRawBytesNotAReencodedString() {
    byte[] body = "text=%E4%BA%88%E7%AE%97+%F0%9F%8E%89&raw=\u00e9".getBytes(StandardCharsets.UTF_8);
    String signature = sign(DOCUMENTED_SECRET, DOCUMENTED_TIMESTAMP, body);

    assertThat(verifier.verify(DOCUMENTED_TIMESTAMP, signature, body, SIGNED_AT)).isEqualTo(SignatureVerdict.VALID);
  }

  @ParameterizedTest
  @CsvSource({"PT0S", "-PT5M"})
  void refusesANonPositiveWindow(Duration window) {
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackRequestVerifier(List.of("s"), window))
        .withMessageContaining("window must be positive");
  }

  @Test
  void refusesToStartWithoutASecret() {
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackRequestVerifier(List.of(), Duration.ofMinutes(5)))
        .withMessageContaining("at least one");
  }

  @Test
  void namesABlankSecretByPositionNeverByValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SlackRequestVerifier(List.of(DOCUMENTED_SECRET, " "), Duration.ofMinutes(5)))
        .withMessage("Slack signing secret #2 is blank")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(DOCUMENTED_SECRET));
  }

  @Test
  void neverPrintsASecret() {
    assertThat(verifier.toString()).doesNotContain(DOCUMENTED_SECRET);
  }

  static String sign(String secret, String timestamp, byte[] body) {
    return SlackRequests.sign(secret, timestamp, body);
  }
}
