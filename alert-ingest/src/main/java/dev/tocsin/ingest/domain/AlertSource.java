package dev.tocsin.ingest.domain;

import java.time.Instant;

/** One inbound alert protocol: turns a request body into alerts. Implementations are pure and thread-safe. */
public interface AlertSource {

  /**
   * @param body the raw request body
   * @param receivedAt when Tocsin accepted the request (each alert's {@code receivedAt})
   * @param requestId the request's id (each alert's {@code requestId})
   */
  AlertBatch parse(byte[] body, Instant receivedAt, String requestId);
}
