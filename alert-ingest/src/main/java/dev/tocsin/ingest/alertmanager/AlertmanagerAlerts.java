package dev.tocsin.ingest.alertmanager;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/** Turns a validated webhook message into one {@link Alert} record per alert. */
public final class AlertmanagerAlerts {
  private AlertmanagerAlerts() {
  }

  /**
   * The message's alerts as records, in message order.
   *
   * @param receivedAt when Tocsin accepted the request
   * @param requestId id of the HTTP request, for tracing
   */
  public static List<Alert> toAlerts(WebhookMessage message, Instant receivedAt, String requestId) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    return message.alerts().stream().map(alert -> toAlert(message, alert, receivedAt, requestId)).toList();
  }

  private static Alert toAlert(WebhookMessage message, WebhookAlert alert, Instant receivedAt, String requestId) {
    return Alert.newBuilder()
        .setSource(AlertSource.ALERTMANAGER)
        .setFingerprint(alert.fingerprint())
        .setGroupKey(message.groupKey())
        .setStatus(alert.status())
        .setLabels(new HashMap<>(alert.labels()))
        .setAnnotations(new HashMap<>(alert.annotations()))
        // The schema stores milliseconds; truncating here keeps a record equal to itself after a round trip.
        .setStartsAt(millis(alert.startsAt()))
        .setEndsAt(alert.endsAt() == null ? null : millis(alert.endsAt()))
        .setReceivedAt(millis(receivedAt))
        .setGeneratorUrl(alert.generatorUrl())
        .setSourceSeverity(SeverityAliases.defaults().fromLabels(alert.labels()).orElse(null))
        .setReceiver(message.receiver())
        .setExternalUrl(message.externalUrl())
        .setRequestId(requestId)
        .build();
  }

  private static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }
}
