package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Google Cloud Monitoring's options: it cannot send custom headers, so it authenticates either
 * with HTTP Basic credentials or with a token in the URL query ({@code ?token=...}). Secrets are
 * compared as SHA-256 digests in constant time; several may be valid at once (rotation).
 *
 * <p>A request carries exactly one credential: one Authorization header or one {@code token}
 * parameter. Two Authorization headers, two {@code token} parameters (even equal ones, and a
 * name counts once %-decoded, so {@code t%6Fken} is {@code token}), or a header together with a
 * token are {@link AuthDecision#AMBIGUOUS} and refused whichever of them is valid: Cloud Monitoring
 * sends either kind alone, and a proxy that reads a different copy than Tocsin must not be able
 * to authenticate one caller and log another. An Authorization header counts even when empty.
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
  public AuthDecision check(List<String> authorizations, String query) {
    List<String> tokens = queryTokens(query);
    if (authorizations.size() + tokens.size() > 1) {
      return AuthDecision.AMBIGUOUS;
    }
    if (authorizations.size() == 1) {
      return checkBasic(authorizations.get(0).trim());
    }
    if (tokens.isEmpty()) {
      return AuthDecision.MISSING;
    }
    String token = tokens.get(0);
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

  /**
   * The decoded value of every {@code token} parameter, in order: "" for one without a value or
   * with a broken %-escape. A name that does not %-decode is no {@code token}, whoever reads it.
   */
  static List<String> queryTokens(String query) {
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>();
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (TOKEN_PARAMETER.equals(decodeOrNull(eq < 0 ? pair : pair.substring(0, eq)))) {
        String value = eq < 0 ? "" : decodeOrNull(pair.substring(eq + 1));
        tokens.add(value == null ? "" : value);
      }
    }
    return tokens;
  }

  private static String decodeOrNull(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
