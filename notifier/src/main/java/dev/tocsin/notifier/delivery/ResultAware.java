package dev.tocsin.notifier.delivery;

import dev.tocsin.avro.DeliveryResult;

/**
 * A channel that keeps state across deliveries (Slack's one message per incident) and rebuilds
 * it, after a restart, from the delivery results it produced before. The notifier replays
 * {@code tocsin.notification-results.v1} into it before the first delivery.
 */
public interface ResultAware {

  /** Takes note of one earlier result of this channel's integration; called in topic order. */
  void restore(DeliveryResult result);
}
