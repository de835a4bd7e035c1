package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.support.SampleNotifications;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DeliveryResultsTest {
  private static final Instant COMPLETED = Instant.parse("2025-03-04T10:20:00Z");
  private final Notification notification = SampleNotifications.opened("INC-1:1:sre-oncall", "INC-1");

  @Test
  void reportsADeliveryWithItsStatusAndExternalId() {
    DeliveryResult result = DeliveryResults.of(notification, "webhook", new DeliveryReport(
        new DeliveryOutcome.Delivered(OptionalInt.of(202), Optional.of("msg-42")), 2, List.of(), COMPLETED));

    assertThat(result.getNotificationId()).isEqualTo("INC-1:1:sre-oncall");
    assertThat(result.getIncidentId()).isEqualTo("INC-1");
    assertThat(result.getEventSequence()).isEqualTo(1);
    assertThat(result.getReceiver()).isEqualTo("sre-oncall");
    assertThat(result.getIntegration()).isEqualTo("webhook");
    assertThat(result.getOutcome()).isEqualTo(dev.tocsin.avro.DeliveryOutcome.DELIVERED);
    assertThat(result.getAttempts()).isEqualTo(2);
    assertThat(result.getCompletedAt()).isEqualTo(COMPLETED);
    assertThat(result.getStatusCode()).isEqualTo(202);
    assertThat(result.getExternalId()).isEqualTo("msg-42");
    assertThat(result.getReason()).isNull();
    assertThat(result.getGroupKey()).as("routes the result to the incident without a lookup")
        .isEqualTo(notification.getIncident().getGroupKey()).isNotBlank();
  }

  @Test
  void reportsAPermanentFailureWithItsReason() {
    DeliveryResult result = DeliveryResults.of(notification, "webhook", new DeliveryReport(
        DeliveryOutcome.permanent("webhook answered HTTP 400", 400), 1, List.of(), COMPLETED));

    assertThat(result.getOutcome()).isEqualTo(dev.tocsin.avro.DeliveryOutcome.PERMANENT_FAILURE);
    assertThat(result.getStatusCode()).isEqualTo(400);
    assertThat(result.getReason()).isEqualTo("webhook answered HTTP 400");
  }

  @Test
  void reportsASpentRetryBudgetAsDeadLettered() {
    DeliveryResult result = DeliveryResults.of(notification, "webhook", new DeliveryReport(
        DeliveryOutcome.retryable("could not connect to webhook"), 5, List.of(), COMPLETED));

    assertThat(result.getOutcome()).isEqualTo(dev.tocsin.avro.DeliveryOutcome.DEAD_LETTERED);
    assertThat(result.getStatusCode()).isNull();
    assertThat(result.getReason()).isEqualTo("gave up after 5 attempts: could not connect to webhook");
  }

  @Test
  void reportsASkippedDeliveryAsSuppressedWithItsReason() {
    DeliveryResult result = DeliveryResults.of(notification, "pagerduty", new DeliveryReport(
        DeliveryOutcome.skipped("PagerDuty has no event action for UPDATE_POSTED events"), 1, List.of(), COMPLETED));

    assertThat(result.getOutcome()).isEqualTo(dev.tocsin.avro.DeliveryOutcome.SUPPRESSED);
    assertThat(result.getStatusCode()).isNull();
    assertThat(result.getExternalId()).isNull();
    assertThat(result.getReason()).isEqualTo("PagerDuty has no event action for UPDATE_POSTED events");
  }
}
