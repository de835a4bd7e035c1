package dev.tocsin.notifier;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;

/** Turns a delivery report into the {@link DeliveryResult} record fed back into the incident timeline. */
final class DeliveryResults {
  private DeliveryResults() {
  }

  static DeliveryResult of(Notification notification, String integration, DeliveryReport report) {
    DeliveryOutcome outcome = report.outcome();
    return DeliveryResult.newBuilder()
        .setNotificationId(notification.getNotificationId())
        .setIncidentId(notification.getEvent().getIncidentId())
        .setEventSequence(notification.getEvent().getSequence())
        .setReceiver(notification.getReceiver())
        .setIntegration(integration)
        .setOutcome(outcomeOf(outcome))
        .setAttempts(report.attempts())
        .setCompletedAt(report.completedAt())
        .setStatusCode(outcome.statusCode().isPresent() ? outcome.statusCode().getAsInt() : null)
        .setReason(failureReason(report))
        .setExternalId(outcome instanceof DeliveryOutcome.Delivered delivered
            ? delivered.externalId().orElse(null) : null)
        .setGroupKey(notification.getIncident().getGroupKey())
        .build();
  }

  /** Why the delivery failed for good or was skipped, or null when it was delivered. */
  static String failureReason(DeliveryReport report) {
    DeliveryOutcome outcome = report.outcome();
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return null;
    }
    if (outcome instanceof DeliveryOutcome.Retryable) {
      return "gave up after " + report.attempts() + (report.attempts() == 1 ? " attempt: " : " attempts: ")
          + outcome.reason();
    }
    return outcome.reason();
  }

  private static dev.tocsin.avro.DeliveryOutcome outcomeOf(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return dev.tocsin.avro.DeliveryOutcome.DELIVERED;
    }
    if (outcome instanceof DeliveryOutcome.Permanent) {
      return dev.tocsin.avro.DeliveryOutcome.PERMANENT_FAILURE;
    }
    if (outcome instanceof DeliveryOutcome.Skipped) {
      return dev.tocsin.avro.DeliveryOutcome.SUPPRESSED;
    }
    // A retryable outcome in a final report means the retry budget is spent.
    return dev.tocsin.avro.DeliveryOutcome.DEAD_LETTERED;
  }
}
