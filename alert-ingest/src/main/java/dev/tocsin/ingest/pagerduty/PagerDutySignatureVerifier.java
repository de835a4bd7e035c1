package dev.tocsin.ingest.pagerduty;

import dev.tocsin.ingest.domain.SignatureVerdict;
import dev.tocsin.ingest.domain.SignatureVerdict.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-PagerDuty-Signature} of a webhook v3: a comma-separated list of
 * {@code v1=<hex HMAC-SHA256 of the raw body>}, one per secret while PagerDuty rotates. The request
 * is authentic when any listed v1 signature matches any configured secret; entries of other
 * versions are skipped. The scheme has no timestamp: replays are caught by {@code event.id}.
 * Immutable and thread-safe.
 */
public final class PagerDutySignatureVerifier {
  private static final String ALGORITHM = "HmacSHA256";
  private static final String V1 = "v1=";
  private static final Pattern V1_SIGNATURE = Pattern.compile("v1=[0-9a-fA-F]{64}");
  /** More entries than any rotation produces are not worth an HMAC comparison each. */
  private static final int MAX_SIGNATURES = 16;

  private final List<SecretKeySpec> keys;

  /** @param secrets the subscription secrets; each one is accepted (rotation) */
  public PagerDutySignatureVerifier(List<String> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one PagerDuty webhook secret is required");
    }
    List<SecretKeySpec> specs = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("PagerDuty webhook secret #" + (i + 1) + " is blank");
      }
      specs.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }
    this.keys = List.copyOf(specs);
  }

  /**
   * Decides whether a webhook is PagerDuty's.
   *
   * @param signatureHeader {@code X-PagerDuty-Signature}, or null when absent
   * @param body the raw body bytes as received
   */
  public SignatureVerdict verify(String signatureHeader, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return new SignatureVerdict.Invalid(Reason.MISSING);
    }
    List<byte[]> presented = new ArrayList<>();
    for (String entry : signatureHeader.split(",", -1)) {
      String signature = entry.strip();
      if (V1_SIGNATURE.matcher(signature).matches() && presented.size() < MAX_SIGNATURES) {
        presented.add(HexFormat.of().parseHex(signature, V1.length(), signature.length()));
      }
    }
    if (presented.isEmpty()) {
      return new SignatureVerdict.Invalid(Reason.MALFORMED);
    }
    boolean match = false;
    for (SecretKeySpec key : keys) {
      byte[] expected = hmac(key, body);
      for (byte[] signature : presented) {
        // no early exit: the time taken does not tell which secret or entry matched
        match |= MessageDigest.isEqual(expected, signature);
      }
    }
    return match ? SignatureVerdict.VALID : new SignatureVerdict.Invalid(Reason.MISMATCH);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
