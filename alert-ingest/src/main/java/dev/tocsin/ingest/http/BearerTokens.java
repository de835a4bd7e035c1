package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens in constant time:
 * tokens are compared as SHA-256 digests, so neither content nor length leaks through timing.
 * Several tokens may be valid at once (rotation). Immutable and thread-safe.
 */
public final class BearerTokens {
  private static final String SCHEME = "Bearer";

  private final List<byte[]> digests;

  public BearerTokens(Collection<String> tokens) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("at least one token is required");
    }
    this.digests = tokens.stream().map(BearerTokens::sha256).toList();
  }

  /** Decides on the value of an Authorization header, which may be null. */
  public AuthDecision check(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return AuthDecision.MISSING;
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase(SCHEME)) {
      return AuthDecision.MALFORMED;
    }
    String token = value.substring(space + 1).trim();
    if (token.isEmpty()) {
      return AuthDecision.MALFORMED;
    }
    byte[] presented = sha256(token);
    boolean match = false;
    for (byte[] known : digests) {
      // no early exit: every request costs the same whichever token matches
      match |= MessageDigest.isEqual(presented, known);
    }
    return match ? AuthDecision.ACCEPTED : AuthDecision.REJECTED;
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
