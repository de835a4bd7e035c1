package dev.tocsin.notifier;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one notification's delivery through one integration comes to: the result to write, and by
 * its {@link Verdict} whether its id counts as delivered and whether it is dead-lettered (with the
 * result's reason and integration). Pure: no Kafka, no clock of its own.
 */
record Settlement(DeliveryResult result, Verdict verdict) {

  /** How a delivery is settled. */
  enum Verdict {
    /** The integration took it; not sent again. */
    DELIVERED(null),
    /** Nothing sent, on purpose; final like a delivery, so not sent again and not dead-lettered. */
    SKIPPED(null),
    /** The integration refused it for good. */
    REFUSED(NotifierMetrics.REFUSED),
    /** Still failing when the retry budget was spent. */
    RETRIES_EXHAUSTED(NotifierMetrics.RETRIES_EXHAUSTED),
    /** No channel was tried: the routing does not know the receiver. */
    UNKNOWN_RECEIVER(NotifierMetrics.UNKNOWN_RECEIVER);

    /** The dead-letter metric's reason, or null when nothing is dead-lettered. */
    private final String deadLetterLabel;

    Verdict(String deadLetterLabel) {
      this.deadLetterLabel = deadLetterLabel;
    }
  }

  Settlement {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(verdict, "verdict");
  }

  /** Settles the delivery {@code report} describes of {@code notification} through {@code integration}. */
  static Settlement of(Notification notification, String integration, DeliveryReport report) {
    return new Settlement(DeliveryResults.of(notification, integration, report), verdictOf(report.outcome()));
  }

  /**
   * Settles {@code notification} when its receiver is unknown: a permanent failure of
   * {@link NotifierService#UNROUTED_INTEGRATION} after no attempt, decided at {@code now}.
   */
  static Settlement unknownReceiver(Notification notification, Instant now) {
    String reason = "unknown receiver \"" + notification.getReceiver() + "\"";
    DeliveryReport report = new DeliveryReport(new DeliveryOutcome.Permanent(reason, OptionalInt.empty()), 0,
        List.of(), now);
    return new Settlement(DeliveryResults.of(notification, NotifierService.UNROUTED_INTEGRATION, report),
        Verdict.UNKNOWN_RECEIVER);
  }

  /** Whether the notification's id joins the delivered ids, so that it is not sent through this integration again. */
  boolean remembered() {
    return verdict == Verdict.DELIVERED || verdict == Verdict.SKIPPED;
  }

  /** The {@link NotifierMetrics#deadLetter} reason, present exactly when the notification is dead-lettered. */
  Optional<String> deadLetterLabel() {
    return Optional.ofNullable(verdict.deadLetterLabel);
  }

  /** The {@link NotifierMetrics#notification} outcome. */
  String outcomeLabel() {
    return result.getOutcome().name();
  }

  private static Verdict verdictOf(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return Verdict.DELIVERED;
    }
    if (outcome instanceof DeliveryOutcome.Skipped) {
      return Verdict.SKIPPED;
    }
    if (outcome instanceof DeliveryOutcome.Permanent) {
      return Verdict.REFUSED;
    }
    // A retryable outcome in a final report means the retry budget is spent.
    return Verdict.RETRIES_EXHAUSTED;
  }
}
