package dev.tocsin.ingest.http;

/** A request body grew past the configured limit while it was read. */
final class BodyTooLargeException extends RuntimeException {
  BodyTooLargeException(long limit) {
    super("request body exceeds " + limit + " bytes");
  }
}
