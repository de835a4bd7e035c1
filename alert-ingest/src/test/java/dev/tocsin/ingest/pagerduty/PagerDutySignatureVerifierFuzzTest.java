package dev.tocsin.ingest.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tocsin.ingest.domain.SignatureVerdict;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fuzzes the PagerDuty signature check: arbitrary headers only ever yield a verdict, and a body
 * signed with the secret is valid wherever its signature sits in the list.
 */
class PagerDutySignatureVerifierFuzzTest {
  private static final String SECRET = "secret-from-subscription";

  private final PagerDutySignatureVerifier verifier = new PagerDutySignatureVerifier(List.of("old-secret", SECRET));

  @FuzzTest(maxDuration = "5m")
  void verify(FuzzedDataProvider data) {
    String header = data.consumeString(300);
    boolean signed = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    if (!signed) {
      assertThat(verifier.verify(header, body)).isNotNull();
      return;
    }
    String signature = "v1=" + hmac(body);
    assertThat(verifier.verify(signature + "," + header, body)).isEqualTo(SignatureVerdict.VALID);
  }

  private static String hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
