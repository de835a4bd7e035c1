package dev.tocsin.ingest.domain;

import dev.tocsin.avro.Alert;
import java.util.List;

/** What an alert source made of one request body: alerts to publish, or every problem found. */
public sealed interface AlertBatch {

  /**
   * The body was valid.
   *
   * @param alerts the alerts to publish, in the order the source sent them
   * @param warnings things worth a log line that do not reject the request (e.g. truncated alerts)
   * @param truncatedAlerts alerts the sender said it left out (Alertmanager's truncatedAlerts)
   */
  record Accepted(List<Alert> alerts, List<String> warnings, int truncatedAlerts) implements AlertBatch {
    public Accepted {
      alerts = List.copyOf(alerts);
      warnings = List.copyOf(warnings);
    }

    /** Alerts from a source that never truncates. */
    public Accepted(List<Alert> alerts, List<String> warnings) {
      this(alerts, warnings, 0);
    }
  }

  /**
   * The body was rejected; nothing may be published.
   *
   * @param reason why, as a small fixed set (a metric label)
   * @param problems each problem as {@code <field path>: <what is wrong>}, in document order
   */
  record Rejected(Reason reason, List<String> problems) implements AlertBatch {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }

  /** Why a body was rejected. */
  enum Reason {
    /** Not parseable at all (not JSON, not a form). */
    MALFORMED,
    /** Parseable, but not a valid message of the protocol. */
    INVALID_PAYLOAD,
    /** More alerts than one request may carry. */
    TOO_MANY_ALERTS
  }
}
