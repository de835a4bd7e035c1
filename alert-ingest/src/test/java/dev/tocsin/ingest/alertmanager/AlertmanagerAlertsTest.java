package dev.tocsin.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerAlertsTest {
  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:53:05.123456Z");

  @Test
  void turnsEachAlertIntoAnAlertRecordFromAlertmanager() {
    List<Alert> alerts = AlertmanagerAlerts.toAlerts(message("partially-resolved.json"), RECEIVED, "req-1");

    assertThat(alerts).hasSize(2);
    Alert resolved = alerts.get(1);
    assertThat(resolved.getSource()).isEqualTo(AlertSource.ALERTMANAGER);
    assertThat(resolved.getFingerprint()).isEqualTo("7f6582cb3b9e969d");
    assertThat(resolved.getGroupKey()).isEqualTo("{}:{alertname=\"HighErrorRate\", service=\"checkout\"}");
    assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolved.getLabels()).containsEntry("instance", "checkout-2");
    assertThat(resolved.getAnnotations()).containsKey("runbook_url");
    assertThat(resolved.getStartsAt()).isEqualTo(Instant.parse("2026-11-22T10:53:11.644Z"));
    assertThat(resolved.getEndsAt()).isEqualTo(Instant.parse("2026-11-22T10:54:27.513Z"));
    assertThat(resolved.getGeneratorUrl()).startsWith("http://prometheus.example.invalid/graph");
    assertThat(resolved.getReceiver()).isEqualTo("pipeline");
    assertThat(resolved.getExternalUrl()).isEqualTo("http://127.0.0.1:49433");
    assertThat(resolved.getRequestId()).isEqualTo("req-1");
  }

  @Test
  void stampsTheReceiptTimeInMilliseconds() {
    Alert alert = AlertmanagerAlerts.toAlerts(message("firing.json"), RECEIVED, "req-1").get(0);

    assertThat(alert.getReceivedAt()).isEqualTo(Instant.parse("2026-11-22T10:53:05.123Z"));
  }

  @Test
  void leavesTheEndOfAFiringAlertEmpty() {
    Alert alert = AlertmanagerAlerts.toAlerts(message("firing.json"), RECEIVED, "req-1").get(0);

    assertThat(alert.getEndsAt()).isNull();
  }

  @Test
  void mapsTheSeverityLabelToASourceSeverity() {
    assertThat(AlertmanagerAlerts.toAlerts(message("firing-critical.json"), RECEIVED, "r").get(0).getSourceSeverity())
        .isEqualTo(Severity.P0);
    assertThat(AlertmanagerAlerts.toAlerts(message("firing.json"), RECEIVED, "r").get(0).getSourceSeverity())
        .isEqualTo(Severity.P2);
  }

  @Test
  void leavesAnUnknownSeverityEmpty() {
    WebhookMessage message = message("firing.json");
    WebhookAlert original = message.alerts().get(0);
    WebhookAlert unknown = new WebhookAlert(original.status(), Map.of("alertname", "X", "severity", "urgent"),
        Map.of(), original.startsAt(), null, null, "0000000000000001");
    WebhookMessage changed = new WebhookMessage(message.groupKey(), message.receiver(), message.status(),
        message.externalUrl(), 0, List.of(unknown));

    assertThat(AlertmanagerAlerts.toAlerts(changed, RECEIVED, "r").get(0).getSourceSeverity()).isNull();
  }

  private static WebhookMessage message(String fixture) {
    return ((ParseResult.Parsed) new AlertmanagerWebhookParser(100).parse(Fixtures.alertmanager(fixture))).message();
  }
}
