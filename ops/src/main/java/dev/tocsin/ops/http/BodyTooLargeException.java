package dev.tocsin.ops.http;

/** A request body grew past the configured limit while it was read. */
public final class BodyTooLargeException extends RuntimeException {
  public BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
