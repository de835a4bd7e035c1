package dev.tocsin.api.console;

import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Console sessions as signed cookies: who, what they may do and until when, with an HMAC-SHA256
 * over it, so every instance that shares the secret accepts them and nothing is stored. The CSRF
 * token of a session is a second HMAC of the same cookie, checked on every form. Thread-safe.
 */
public final class Sessions {
  public static final String COOKIE = "tocsin_session";
  /** How long a login lasts. */
  public static final Duration LIFETIME = Duration.ofHours(12);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] secret;

  public Sessions(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("a session secret needs at least 16 bytes");
    }
    this.secret = secret.clone();
  }

  /** The cookie value for {@code caller} until {@code now} + {@link #LIFETIME}. */
  public String issue(ApiKeys.Caller caller, Instant now) {
    StringBuilder scopes = new StringBuilder();
    for (Scope scope : caller.scopes()) {
      scopes.append(scopes.length() == 0 ? "" : ",").append(scope.name());
    }
    String payload = ENCODER.encodeToString((caller.name() + "\n" + scopes + "\n"
        + now.plus(LIFETIME).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
    return payload + "." + ENCODER.encodeToString(mac("session|" + payload));
  }

  /** The caller a cookie value names, if it is ours, intact and not expired. */
  public Optional<ApiKeys.Caller> verify(String cookie, Instant now) {
    if (cookie == null) {
      return Optional.empty();
    }
    int dot = cookie.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String payload = cookie.substring(0, dot);
    // Compared as the encoded text: a base64 string's unused low bits would otherwise let other
    // spellings of one signature pass.
    byte[] expected = ENCODER.encodeToString(mac("session|" + payload)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    try {
      String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
      if (parts.length != 3 || Long.parseLong(parts[2]) < now.getEpochSecond()) {
        return Optional.empty();
      }
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      for (String scope : parts[1].split(",")) {
        if (!scope.isEmpty()) {
          scopes.add(Scope.valueOf(scope));
        }
      }
      return Optional.of(new ApiKeys.Caller(parts[0], scopes));
    } catch (IllegalArgumentException e) {
      // Signed by us but not readable here (another version's scope, say): a login like any stale one.
      return Optional.empty();
    }
  }

  /** The CSRF token forms of this session carry. */
  public String csrfToken(String cookie) {
    return ENCODER.encodeToString(mac("csrf|" + cookie));
  }

  /** Whether {@code token} is this session's CSRF token (constant time). */
  public boolean csrfValid(String cookie, String token) {
    return cookie != null && token != null
        && MessageDigest.isEqual(csrfToken(cookie).getBytes(StandardCharsets.UTF_8),
            token.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
