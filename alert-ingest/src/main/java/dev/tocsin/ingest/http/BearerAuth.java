package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import java.util.List;

/**
 * {@code Authorization: Bearer <token>} against configured tokens (Alertmanager, the generic API).
 * Exactly one Authorization header is accepted; two are {@link AuthDecision#AMBIGUOUS} even when
 * both are valid. The query string is not read: these endpoints take no credential there.
 */
public record BearerAuth(BearerTokens tokens) implements RequestAuth {
  @Override
  public AuthDecision check(List<String> authorizations, String query) {
    if (authorizations.size() > 1) {
      return AuthDecision.AMBIGUOUS;
    }
    return tokens.check(authorizations.isEmpty() ? null : authorizations.get(0));
  }

  @Override
  public String challenge() {
    return "Bearer";
  }
}
