package dev.tocsin.notifier.delivery;

import dev.tocsin.avro.Notification;

/**
 * One integration (webhook, Slack, email, ...): maps a notification to its request and
 * classifies the answer. Implementations make exactly one attempt per call and never retry,
 * sleep or throw for a failed delivery; {@link DeliveryExecutor} owns retries. Reasons they
 * return must not contain secrets such as tokens embedded in URLs. Implementations are
 * thread-safe.
 */
public interface NotificationChannel {

  /** The integration's name as reported in delivery results, e.g. {@code webhook}. */
  String integration();

  /** Makes one delivery attempt, forwarding the notification id as the receiver's idempotency key. */
  DeliveryOutcome deliver(Notification notification);
}
