package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import java.util.List;

/**
 * Authenticates a request from what arrives before its body: the Authorization headers and the
 * query string. Implementations see every value sent, so that a second credential cannot hide
 * behind the first; they are immutable, thread-safe and compare secrets in constant time.
 */
public interface RequestAuth {

  /**
   * @param authorizations the value of each Authorization header field, in order; empty when none
   * @param query the raw query string, or null
   */
  AuthDecision check(List<String> authorizations, String query);

  /** The challenge to send with a 401. */
  String challenge();
}
