package dev.tocsin.ingest.http;

/**
 * Authenticates a request from what arrives before its body: the Authorization header and the
 * query string. Implementations are immutable, thread-safe and compare secrets in constant time.
 */
public interface RequestAuth {

  /**
   * @param authorization the Authorization header, or null
   * @param query the raw query string, or null
   */
  AuthDecision check(String authorization, String query);

  /** The challenge to send with a 401. */
  String challenge();
}
