package dev.tocsin.ingest.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tocsin.ingest.domain.SignatureVerdict;
import dev.tocsin.ingest.domain.SignatureVerdict.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PagerDutySignatureVerifierTest {
  // PagerDuty's own client library, go-pagerduty webhookv3/webhookv3_test.go: secret, body and signature.
  private static final String GO_PAGERDUTY_SECRET = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK";
  private static final byte[] GO_PAGERDUTY_BODY = resource("go-pagerduty-priority-updated.json");
  private static final String GO_PAGERDUTY_SIGNATURE =
      "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
  private static final String GO_PAGERDUTY_MISMATCH =
      "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";
  // protocols.md 3.5 (computed with HmacSHA256).
  private static final String REFERENCE_SECRET = "secret-from-subscription";
  private static final byte[] REFERENCE_BODY = "{\"event\":{\"id\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
  private static final String REFERENCE_SIGNATURE =
      "v1=97ecb6300ef65bbdbafe4c89c6271cd92223cd6e2d27466fbe9a6285cac3c3f1";

  private final PagerDutySignatureVerifier verifier = new PagerDutySignatureVerifier(List.of(GO_PAGERDUTY_SECRET));

  @Test
  void acceptsGoPagerDutysPublishedVector() {
    assertThat(verifier.verify(GO_PAGERDUTY_SIGNATURE, GO_PAGERDUTY_BODY)).isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void refusesGoPagerDutysMismatchVector() {
    assertThat(verifier.verify(GO_PAGERDUTY_MISMATCH, GO_PAGERDUTY_BODY))
        .isEqualTo(new SignatureVerdict.Invalid(Reason.MISMATCH));
  }

  @Test
  void acceptsTheReferenceNotesVector() {
    PagerDutySignatureVerifier reference = new PagerDutySignatureVerifier(List.of(REFERENCE_SECRET));

    assertThat(reference.verify(REFERENCE_SIGNATURE, REFERENCE_BODY)).isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void acceptsAnyListedSignatureWhilePagerDutyRotatesItsSecret() {
    String header = GO_PAGERDUTY_MISMATCH + "," + GO_PAGERDUTY_SIGNATURE;

    assertThat(verifier.verify(header, GO_PAGERDUTY_BODY)).isEqualTo(SignatureVerdict.VALID);
    assertThat(verifier.verify(GO_PAGERDUTY_SIGNATURE + ", " + GO_PAGERDUTY_MISMATCH, GO_PAGERDUTY_BODY))
        .isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void acceptsAnyConfiguredSecretWhileWeRotateOurs() {
    PagerDutySignatureVerifier rotating = new PagerDutySignatureVerifier(List.of(REFERENCE_SECRET, GO_PAGERDUTY_SECRET));

    assertThat(rotating.verify(GO_PAGERDUTY_SIGNATURE, GO_PAGERDUTY_BODY)).isEqualTo(SignatureVerdict.VALID);
    assertThat(rotating.verify(REFERENCE_SIGNATURE, REFERENCE_BODY)).isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void skipsSignaturesOfOtherVersions() {
    String header = "v2=zzz," + GO_PAGERDUTY_SIGNATURE + ",v0=" + "0".repeat(64);

    assertThat(verifier.verify(header, GO_PAGERDUTY_BODY)).isEqualTo(SignatureVerdict.VALID);
  }

  @Test
  void refusesATamperedBody() {
    byte[] tampered = GO_PAGERDUTY_BODY.clone();
    tampered[10] ^= 1;

    assertThat(verifier.verify(GO_PAGERDUTY_SIGNATURE, tampered)).isEqualTo(new SignatureVerdict.Invalid(Reason.MISMATCH));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" "})
  void reportsAnAbsentHeaderAsMissing(String header) {
    assertThat(verifier.verify(header, GO_PAGERDUTY_BODY)).isEqualTo(new SignatureVerdict.Invalid(Reason.MISSING));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", "v1=", "v1=0c0b",
      "v2=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", ",,,", "sha256=abc",
      "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cdx"})
  void reportsAHeaderWithoutAV1SignatureAsMalformed(String header) {
    assertThat(verifier.verify(header, GO_PAGERDUTY_BODY)).isEqualTo(new SignatureVerdict.Invalid(Reason.MALFORMED));
  }

  @Test
  void refusesToStartWithoutASecret() {
    assertThatIllegalArgumentException().isThrownBy(() -> new PagerDutySignatureVerifier(List.of()))
        .withMessageContaining("at least one");
  }

  @Test
  void namesABlankSecretByPositionNeverByValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PagerDutySignatureVerifier(List.of(GO_PAGERDUTY_SECRET, "")))
        .withMessage("PagerDuty webhook secret #2 is blank");
  }

  @Test
  void neverPrintsASecret() {
    assertThat(verifier.toString()).doesNotContain(GO_PAGERDUTY_SECRET);
  }

  static byte[] resource(String name) {
    try (InputStream in = PagerDutySignatureVerifierTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
