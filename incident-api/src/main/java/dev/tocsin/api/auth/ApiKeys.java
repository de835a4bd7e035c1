package dev.tocsin.api.auth;

import dev.tocsin.ops.http.AuthDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The configured API keys, each with a name (the actor on the timeline) and scopes. A key arrives
 * as {@code Authorization: Bearer <key>} or as the password of HTTP Basic auth (what curl sends for
 * {@code http://name:<key>@host/}; the user part is ignored). Keys are compared as SHA-256 digests
 * in constant time, every key checked whichever matches; several may be valid at once (rotation).
 * Immutable and thread-safe.
 */
public final class ApiKeys {
  private final List<Entry> entries;

  /** One key: its name, its secret and what it may do. */
  public record Key(String name, String secret, Set<Scope> scopes) {
    public Key {
      scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "Key[name=" + name + ", secret=[hidden], scopes=" + scopes + "]";
    }
  }

  private record Entry(String name, byte[] digest, Set<Scope> scopes) {
  }

  /** The outcome for one request. */
  public sealed interface Verdict permits Caller, Refused {
  }

  /** An accepted key: who is calling and what it may do. */
  public record Caller(String name, Set<Scope> scopes) implements Verdict {
    public boolean may(Scope scope) {
      return scopes.contains(scope);
    }
  }

  /** No usable key; why stays in the server's debug log. */
  public record Refused(AuthDecision why) implements Verdict {
  }

  public ApiKeys(List<Key> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one API key is required");
    }
    this.entries = keys.stream().map(k -> new Entry(k.name(), sha256(k.secret()), k.scopes())).toList();
  }

  /** @param authorizations every Authorization header value sent, in order */
  public Verdict check(List<String> authorizations) {
    if (authorizations.isEmpty()) {
      return new Refused(AuthDecision.MISSING);
    }
    if (authorizations.size() > 1) {
      return new Refused(AuthDecision.AMBIGUOUS);
    }
    String value = authorizations.get(0).trim();
    int space = value.indexOf(' ');
    if (space < 0) {
      return new Refused(AuthDecision.MALFORMED);
    }
    String scheme = value.substring(0, space);
    String credential = value.substring(space + 1).trim();
    String secret;
    if (scheme.equalsIgnoreCase("Bearer")) {
      secret = credential;
    } else if (scheme.equalsIgnoreCase("Basic")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        secret = colon < 0 ? "" : decoded.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return new Refused(AuthDecision.MALFORMED);
      }
    } else {
      return new Refused(AuthDecision.MALFORMED);
    }
    if (secret.isEmpty()) {
      return new Refused(AuthDecision.MALFORMED);
    }
    byte[] presented = sha256(secret);
    Entry match = null;
    for (Entry entry : entries) {
      // no early exit: every request costs the same whichever key matches
      if (MessageDigest.isEqual(presented, entry.digest()) && match == null) {
        match = entry;
      }
    }
    return match == null ? new Refused(AuthDecision.REJECTED) : new Caller(match.name(), match.scopes());
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
