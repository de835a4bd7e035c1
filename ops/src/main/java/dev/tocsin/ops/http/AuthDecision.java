package dev.tocsin.ops.http;

/** Outcome of checking a request's credentials; every outcome but {@link #ACCEPTED} is answered alike. */
public enum AuthDecision {
  ACCEPTED,
  /** No credential. */
  MISSING,
  /** A credential that is not of the expected form (e.g. an Authorization header that is not {@code Bearer <token>}). */
  MALFORMED,
  /** A well-formed credential that matches no configured one. */
  REJECTED,
  /**
   * More than one credential (two Authorization headers, two tokens, or a header and a token),
   * refused whichever of them is valid: a proxy or a log that reads another one than Tocsin must
   * not be able to disagree with it on who is calling.
   */
  AMBIGUOUS
}
