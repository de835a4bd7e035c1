package dev.tocsin.ingest.publish;

/** A publish refused before it reached Kafka: the publisher is closed or too many requests are waiting. */
public final class PublishException extends RuntimeException {
  public PublishException(String message) {
    super(message);
  }
}
