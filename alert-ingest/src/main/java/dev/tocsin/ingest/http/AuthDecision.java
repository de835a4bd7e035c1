package dev.tocsin.ingest.http;

/** Outcome of checking a request's credentials; every outcome but {@link #ACCEPTED} is answered alike. */
public enum AuthDecision {
  ACCEPTED,
  /** No Authorization header. */
  MISSING,
  /** An Authorization header that is not {@code Bearer <token>}. */
  MALFORMED,
  /** A bearer token that matches no configured token. */
  REJECTED
}
