package dev.tocsin.ingest.domain;

/**
 * Whether a signed request is authentic. The reason of a refusal is for the debug log only: it
 * never names a secret, and callers are told no more than "unauthorized".
 */
public sealed interface SignatureVerdict {

  /** The signature matches one of the configured secrets. */
  record Valid() implements SignatureVerdict {
  }

  /** The request must be refused. */
  record Invalid(Reason reason) implements SignatureVerdict {
  }

  /** Why a signature was refused (a metric label). */
  enum Reason {
    /** A required signature or timestamp header is absent. */
    MISSING,
    /** Headers present but not in the documented format. */
    MALFORMED,
    /** The timestamp is outside the accepted window, in the past or the future (replay protection). */
    STALE,
    /** No configured secret produces this signature. */
    MISMATCH
  }

  /** The shared instance of {@link Valid}. */
  SignatureVerdict VALID = new Valid();
}
