package dev.tocsin.notifier.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one delivery attempt through a channel came to: delivered, worth retrying, refused for
 * good, or deliberately not sent. Reasons are shown to operators and written to Kafka, so they
 * never contain secrets.
 */
public sealed interface DeliveryOutcome {

  /** HTTP status or SMTP reply code the integration answered with, if it answered at all. */
  OptionalInt statusCode();

  /** Why the attempt came to this, for operators: the failure, why nothing was sent, or "delivered". */
  String reason();

  /** The integration accepted the notification. */
  static Delivered delivered() {
    return new Delivered(OptionalInt.empty(), Optional.empty());
  }

  /** The integration accepted the notification with {@code statusCode}. */
  static Delivered delivered(int statusCode) {
    return new Delivered(OptionalInt.of(statusCode), Optional.empty());
  }

  /** The integration accepted the notification with {@code statusCode} and returned {@code externalId} for it. */
  static Delivered delivered(int statusCode, String externalId) {
    return new Delivered(OptionalInt.of(statusCode), Optional.of(externalId));
  }

  /** A failure that may pass if tried again later. */
  static Retryable retryable(String reason) {
    return new Retryable(reason, OptionalInt.empty(), Optional.empty());
  }

  /** A failure the integration answered with {@code statusCode} that may pass if tried again. */
  static Retryable retryable(String reason, int statusCode, Optional<Duration> retryAfter) {
    return new Retryable(reason, OptionalInt.of(statusCode), retryAfter);
  }

  /** A failure that trying again will not fix. */
  static Permanent permanent(String reason, int statusCode) {
    return new Permanent(reason, OptionalInt.of(statusCode));
  }

  /** The channel sent nothing because the integration has no use for this notification. */
  static Skipped skipped(String reason) {
    return new Skipped(reason);
  }

  /** The integration accepted the notification; {@code externalId} is the id it returned, if any. */
  record Delivered(OptionalInt statusCode, Optional<String> externalId) implements DeliveryOutcome {
    public Delivered {
      Objects.requireNonNull(statusCode, "statusCode");
      Objects.requireNonNull(externalId, "externalId");
    }

    @Override
    public String reason() {
      return "delivered";
    }
  }

  /** A transient failure; {@code retryAfter} is how long the integration asked us to wait, if it said. */
  record Retryable(String reason, OptionalInt statusCode, Optional<Duration> retryAfter) implements DeliveryOutcome {
    public Retryable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(statusCode, "statusCode");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** A failure that needs a human: bad request, bad credentials, unknown endpoint. */
  record Permanent(String reason, OptionalInt statusCode) implements DeliveryOutcome {
    public Permanent {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(statusCode, "statusCode");
    }
  }

  /**
   * Nothing was sent, on purpose: the integration has no action for this kind of event (PagerDuty
   * has none for a posted update). Final like a delivery, never retried or dead-lettered.
   */
  record Skipped(String reason) implements DeliveryOutcome {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public OptionalInt statusCode() {
      return OptionalInt.empty();
    }
  }
}
