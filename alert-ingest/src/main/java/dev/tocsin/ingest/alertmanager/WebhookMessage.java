package dev.tocsin.ingest.alertmanager;

import dev.tocsin.avro.AlertStatus;
import java.util.List;

/**
 * One validated Alertmanager webhook message: the fields Tocsin keeps, as sent.
 *
 * @param groupKey the aggregation group's key, or null if absent
 * @param receiver the receiver name exactly as sent (regex-escaped by Alertmanager), or null
 * @param status the group status, or null if absent
 * @param externalUrl the sending Alertmanager's external URL, or null
 * @param truncatedAlerts how many alerts Alertmanager left out because of {@code max_alerts}
 * @param alerts the alerts, in message order
 */
public record WebhookMessage(String groupKey, String receiver, AlertStatus status, String externalUrl,
    long truncatedAlerts, List<WebhookAlert> alerts) {

  public WebhookMessage {
    alerts = List.copyOf(alerts);
  }
}
