package dev.tocsin.ingest.slack;

import dev.tocsin.ingest.domain.SignatureVerdict;
import dev.tocsin.ingest.domain.SignatureVerdict.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Slack's v0 request signature: {@code X-Slack-Signature: v0=<hex>} must be the
 * HMAC-SHA256 of {@code "v0:" + X-Slack-Request-Timestamp + ":" + raw body} under one of the
 * signing secrets (several during rotation), and the timestamp must lie within the window of
 * {@code now}, in the past or the future. Immutable and thread-safe.
 */
public final class SlackRequestVerifier {
  /** Slack's recommended replay window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";
  // Unix seconds; twelve digits reach the year 33658, so parsing can neither overflow nor leave Instant's range.
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-fA-F]{64}");
  private static final int PREFIX_LENGTH = "v0=".length();

  private final List<SecretKeySpec> keys;
  private final Duration window;

  /**
   * @param signingSecrets the app's signing secrets; each one is accepted (rotation)
   * @param window how far the request timestamp may lie from now, either way
   */
  public SlackRequestVerifier(List<String> signingSecrets, Duration window) {
    Objects.requireNonNull(signingSecrets, "signingSecrets");
    Objects.requireNonNull(window, "window");
    if (signingSecrets.isEmpty()) {
      throw new IllegalArgumentException("at least one Slack signing secret is required");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the signature window must be positive, got " + window);
    }
    List<SecretKeySpec> specs = new ArrayList<>(signingSecrets.size());
    for (int i = 0; i < signingSecrets.size(); i++) {
      String secret = signingSecrets.get(i);
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("Slack signing secret #" + (i + 1) + " is blank");
      }
      specs.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }
    this.keys = List.copyOf(specs);
    this.window = window;
  }

  /**
   * Decides whether a request is Slack's.
   *
   * @param timestampHeader {@code X-Slack-Request-Timestamp}, or null when absent
   * @param signatureHeader {@code X-Slack-Signature}, or null when absent
   * @param body the raw body bytes as received (for forms: still URL-encoded)
   * @param now the current time
   */
  public SignatureVerdict verify(String timestampHeader, String signatureHeader, byte[] body, Instant now) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(now, "now");
    if (timestampHeader == null || timestampHeader.isBlank() || signatureHeader == null || signatureHeader.isBlank()) {
      return new SignatureVerdict.Invalid(Reason.MISSING);
    }
    if (!TIMESTAMP.matcher(timestampHeader).matches() || !SIGNATURE.matcher(signatureHeader).matches()) {
      return new SignatureVerdict.Invalid(Reason.MALFORMED);
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestampHeader));
    if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
      return new SignatureVerdict.Invalid(Reason.STALE);
    }
    byte[] presented = HexFormat.of().parseHex(signatureHeader, PREFIX_LENGTH, signatureHeader.length());
    byte[] base = ("v0:" + timestampHeader + ":").getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (SecretKeySpec key : keys) {
      // no early exit: the time taken does not tell which secret matched
      match |= MessageDigest.isEqual(presented, hmac(key, base, body));
    }
    return match ? SignatureVerdict.VALID : new SignatureVerdict.Invalid(Reason.MISMATCH);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] base, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(base);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
