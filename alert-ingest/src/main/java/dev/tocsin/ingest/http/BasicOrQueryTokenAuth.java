package dev.tocsin.ingest.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Google Cloud Monitoring's options: it cannot send custom headers, so it authenticates either
 * with HTTP Basic credentials or with a token in the URL query ({@code ?token=...}). Secrets are
 * compared as SHA-256 digests in constant time; several may be valid at once (rotation).
 * Immutable and thread-safe.
 */
public final class BasicOrQueryTokenAuth implements RequestAuth {
  static final String TOKEN_PARAMETER = "token";

  private final List<byte[]> basicDigests;
  private final List<byte[]> tokenDigests;

  /**
   * @param basicCredentials accepted {@code user:password} pairs
   * @param queryTokens accepted values of the {@code token} query parameter
   */
  public BasicOrQueryTokenAuth(List<String> basicCredentials, List<String> queryTokens) {
    if (basicCredentials.isEmpty() && queryTokens.isEmpty()) {
      throw new IllegalArgumentException("at least one credential or token is required");
    }
    this.basicDigests = basicCredentials.stream().map(BasicOrQueryTokenAuth::sha256).toList();
    this.tokenDigests = queryTokens.stream().map(BasicOrQueryTokenAuth::sha256).toList();
  }

  @Override
  public AuthDecision check(String authorization, String query) {
    if (authorization != null && !authorization.isBlank()) {
      return checkBasic(authorization.trim());
    }
    String token = queryToken(query);
    if (token == null) {
      return AuthDecision.MISSING;
    }
    return token.isEmpty() ? AuthDecision.MALFORMED : matches(sha256(token), tokenDigests);
  }

  @Override
  public String challenge() {
    return "Basic realm=\"tocsin\"";
  }

  private AuthDecision checkBasic(String authorization) {
    int space = authorization.indexOf(' ');
    if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Basic")) {
      return AuthDecision.MALFORMED;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(space + 1).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return AuthDecision.MALFORMED;
    }
    if (decoded.indexOf(':') < 0) {
      return AuthDecision.MALFORMED;
    }
    return matches(sha256(decoded), basicDigests);
  }

  private static AuthDecision matches(byte[] presented, List<byte[]> known) {
    boolean match = false;
    for (byte[] digest : known) {
      match |= MessageDigest.isEqual(presented, digest);
    }
    return match ? AuthDecision.ACCEPTED : AuthDecision.REJECTED;
  }

  /** The decoded value of the first {@code token} parameter, "" when present but empty, null when absent. */
  static String queryToken(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (TOKEN_PARAMETER.equals(name)) {
        try {
          return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return "";
        }
      }
    }
    return null;
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
