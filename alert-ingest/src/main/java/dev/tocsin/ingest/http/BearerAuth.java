package dev.tocsin.ingest.http;

/** {@code Authorization: Bearer <token>} against configured tokens (Alertmanager, the generic API). */
public record BearerAuth(BearerTokens tokens) implements RequestAuth {
  @Override
  public AuthDecision check(String authorization, String query) {
    return tokens.check(authorization);
  }

  @Override
  public String challenge() {
    return "Bearer";
  }
}
