package dev.tocsin.ingest.alertmanager;

import dev.tocsin.ingest.alertmanager.ParseResult.Parsed;
import dev.tocsin.ingest.alertmanager.ParseResult.Rejected;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.domain.AlertSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The Alertmanager webhook (version 4) as an {@link AlertSource}; immutable and thread-safe. */
public final class AlertmanagerSource implements AlertSource {
  private final AlertmanagerWebhookParser parser;

  /** A source that enforces {@code limits}. */
  public AlertmanagerSource(AlertLimits limits) {
    this.parser = new AlertmanagerWebhookParser(limits);
  }

  @Override
  public AlertBatch parse(byte[] body, Instant receivedAt, String requestId) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    ParseResult result = parser.parse(body);
    if (result instanceof Rejected rejected) {
      return new AlertBatch.Rejected(reason(rejected.reason()), rejected.problems());
    }
    WebhookMessage message = ((Parsed) result).message();
    List<String> warnings = message.truncatedAlerts() > 0
        ? List.of(truncationWarning(message))
        : List.of();
    return new AlertBatch.Accepted(AlertmanagerAlerts.toAlerts(message, receivedAt, requestId), warnings,
        (int) Math.min(Integer.MAX_VALUE, message.truncatedAlerts()));
  }

  // Alerts cut off by max_alerts are never seen here, so they can never resolve here either.
  private static String truncationWarning(WebhookMessage message) {
    String group = message.groupKey() == null ? "(no groupKey)" : message.groupKey();
    return "Alertmanager left out " + message.truncatedAlerts() + " alert(s) of group " + group + " (max_alerts)";
  }

  private static AlertBatch.Reason reason(ParseResult.RejectReason reason) {
    return switch (reason) {
      case MALFORMED_JSON -> AlertBatch.Reason.MALFORMED;
      case INVALID_PAYLOAD -> AlertBatch.Reason.INVALID_PAYLOAD;
      case TOO_MANY_ALERTS -> AlertBatch.Reason.TOO_MANY_ALERTS;
    };
  }
}
