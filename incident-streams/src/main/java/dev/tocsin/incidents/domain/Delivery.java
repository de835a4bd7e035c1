package dev.tocsin.incidents.domain;

import dev.tocsin.avro.DeliveryOutcome;
import java.util.Objects;

/** What the notifier reported about one delivery; {@code statusCode} and {@code reason} may be null. */
public record Delivery(String notificationId, String receiver, String integration, DeliveryOutcome outcome,
    int attempts, Integer statusCode, String reason) {
  public Delivery {
    Objects.requireNonNull(notificationId, "notificationId");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(outcome, "outcome");
  }
}
