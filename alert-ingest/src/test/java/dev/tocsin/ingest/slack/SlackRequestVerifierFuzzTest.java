package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tocsin.ingest.domain.SignatureVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fuzzes the Slack signature check: arbitrary headers only ever yield a verdict, and a request
 * correctly signed within the window is always valid while a changed body never is.
 */
class SlackRequestVerifierFuzzTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final Instant NOW = Instant.ofEpochSecond(1_531_420_618);

  private final SlackRequestVerifier verifier =
      new SlackRequestVerifier(List.of("rotated-out-secret", SECRET), Duration.ofMinutes(5));

  @FuzzTest(maxDuration = "5m")
  void verify(FuzzedDataProvider data) {
    if (data.consumeBoolean()) {
      String timestamp = data.consumeString(40);
      String signature = data.consumeString(100);
      Instant now = Instant.ofEpochSecond(data.consumeLong(-31_557_014_167_219_200L, 31_556_889_864_403_199L));
      byte[] body = data.consumeRemainingAsBytes();
      assertThat(verifier.verify(timestamp, signature, body, now)).isNotNull();
      return;
    }
    long timestamp = data.consumeLong(0, 999_999_999_999L);
    long skew = data.consumeLong(-300, 300);
    byte[] body = data.consumeRemainingAsBytes();
    String signature = SlackRequests.sign(SECRET, Long.toString(timestamp), body);
    Instant now = Instant.ofEpochSecond(timestamp + skew);

    assertThat(verifier.verify(Long.toString(timestamp), signature, body, now)).isEqualTo(SignatureVerdict.VALID);
    byte[] changed = body.length == 0 ? new byte[] {0} : body.clone();
    changed[changed.length - 1] ^= (byte) (body.length == 0 ? 0 : 1);
    assertThat(verifier.verify(Long.toString(timestamp), signature, changed, now))
        .isEqualTo(new SignatureVerdict.Invalid(SignatureVerdict.Reason.MISMATCH));
  }
}
