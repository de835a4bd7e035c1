package dev.tocsin.schemas.registry;

/**
 * A registry call failed. {@link #retryable()} tells whether trying again may help (5xx, I/O),
 * as opposed to a request the registry refused (4xx: unknown subject, incompatible schema).
 */
public class SchemaRegistryException extends RuntimeException {
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, int status, int errorCode) {
    this(message, status, errorCode, null);
  }

  /** HTTP status of the failed call, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** Confluent {@code error_code} (e.g. 40401), or 0 when none. */
  public int errorCode() {
    return errorCode;
  }

  /** True when the failure may pass on its own (server error, timeout, connection refused). */
  public boolean retryable() {
    return status == 0 || status >= 500;
  }
}
