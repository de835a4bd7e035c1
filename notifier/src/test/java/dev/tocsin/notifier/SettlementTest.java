package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.DeliveryResult;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.Settlement.Verdict;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.DeliveryReport;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import dev.tocsin.notifier.support.SampleNotifications;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettlementTest {
  private static final Instant COMPLETED = Instant.parse("2025-03-04T10:20:00Z");
  private final Notification notification = SampleNotifications.opened("INC-1:1:sre-oncall", "INC-1");

  @Test
  void remembersADeliveryAndDeadLettersNothing() {
    Settlement settlement = Settlement.of(notification, "webhook",
        new DeliveryReport(DeliveryOutcome.delivered(202), 1, List.of(), COMPLETED));

    assertThat(settlement.verdict()).isEqualTo(Verdict.DELIVERED);
    assertThat(settlement.remembered()).isTrue();
    assertThat(settlement.deadLetterLabel()).isEmpty();
    assertThat(settlement.outcomeLabel()).isEqualTo("DELIVERED");
    assertThat(settlement.result().getIntegration()).isEqualTo("webhook");
    assertThat(settlement.result().getReason()).isNull();
  }

  @Test
  void remembersASkippedDeliveryLikeADeliveryAndDeadLettersNothing() {
    Settlement settlement = Settlement.of(notification, "pagerduty", new DeliveryReport(
        DeliveryOutcome.skipped("PagerDuty has no event action for UPDATE_POSTED events"), 1, List.of(), COMPLETED));

    assertThat(settlement.verdict()).isEqualTo(Verdict.SKIPPED);
    assertThat(settlement.remembered()).isTrue();
    assertThat(settlement.deadLetterLabel()).isEmpty();
    assertThat(settlement.outcomeLabel()).isEqualTo("SUPPRESSED");
    assertThat(settlement.result().getReason()).isEqualTo("PagerDuty has no event action for UPDATE_POSTED events");
  }

  @Test
  void deadLettersAPermanentFailureAsRefusedWithoutRememberingIt() {
    Settlement settlement = Settlement.of(notification, "slack[1]",
        new DeliveryReport(DeliveryOutcome.permanent("slack answered HTTP 404", 404), 1, List.of(), COMPLETED));

    assertThat(settlement.verdict()).isEqualTo(Verdict.REFUSED);
    assertThat(settlement.remembered()).isFalse();
    assertThat(settlement.deadLetterLabel()).contains(NotifierMetrics.REFUSED);
    assertThat(settlement.outcomeLabel()).isEqualTo("PERMANENT_FAILURE");
    assertThat(settlement.result().getIntegration()).isEqualTo("slack[1]");
    assertThat(settlement.result().getReason()).isEqualTo("slack answered HTTP 404");
  }

  @Test
  void deadLettersASpentRetryBudgetAsRetriesExhaustedWithoutRememberingIt() {
    Settlement settlement = Settlement.of(notification, "webhook", new DeliveryReport(
        DeliveryOutcome.retryable("webhook answered HTTP 503", 503, Optional.empty()), 3, List.of(), COMPLETED));

    assertThat(settlement.verdict()).isEqualTo(Verdict.RETRIES_EXHAUSTED);
    assertThat(settlement.remembered()).isFalse();
    assertThat(settlement.deadLetterLabel()).contains(NotifierMetrics.RETRIES_EXHAUSTED);
    assertThat(settlement.outcomeLabel()).isEqualTo("DEAD_LETTERED");
    assertThat(settlement.result().getAttempts()).isEqualTo(3);
    assertThat(settlement.result().getReason()).isEqualTo("gave up after 3 attempts: webhook answered HTTP 503");
  }

  @Test
  void deadLettersAnUnknownReceiverAsAPermanentFailureOfNoIntegrationAfterNoAttempt() {
    Settlement settlement = Settlement.unknownReceiver(notification, COMPLETED);

    DeliveryResult result = settlement.result();
    assertThat(settlement.verdict()).isEqualTo(Verdict.UNKNOWN_RECEIVER);
    assertThat(settlement.remembered()).isFalse();
    assertThat(settlement.deadLetterLabel()).contains(NotifierMetrics.UNKNOWN_RECEIVER);
    assertThat(settlement.outcomeLabel()).isEqualTo("PERMANENT_FAILURE");
    assertThat(result.getIntegration()).isEqualTo(NotifierService.UNROUTED_INTEGRATION);
    assertThat(result.getReason()).isEqualTo("unknown receiver \"sre-oncall\"");
    assertThat(result.getAttempts()).isZero();
    assertThat(result.getStatusCode()).isNull();
    assertThat(result.getCompletedAt()).isEqualTo(COMPLETED);
    assertThat(result.getNotificationId()).isEqualTo("INC-1:1:sre-oncall");
  }
}
