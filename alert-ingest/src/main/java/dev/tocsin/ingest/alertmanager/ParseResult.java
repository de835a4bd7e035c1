package dev.tocsin.ingest.alertmanager;

import java.util.List;

/** Outcome of parsing a webhook body: the message, or every problem found with the field it concerns. */
public sealed interface ParseResult {

  /** The body was a valid webhook message. */
  record Parsed(WebhookMessage message) implements ParseResult {
  }

  /**
   * The body was rejected.
   *
   * @param reason why, as a small fixed set (suited to a metric label)
   * @param problems each problem as {@code <field path>: <what is wrong>}, in document order
   */
  record Rejected(RejectReason reason, List<String> problems) implements ParseResult {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }

  /** Why a body was rejected. */
  enum RejectReason {
    /** Not parseable as JSON at all. */
    MALFORMED_JSON,
    /** JSON, but not a valid webhook message. */
    INVALID_PAYLOAD,
    /** More alerts than one request may carry. */
    TOO_MANY_ALERTS
  }
}
