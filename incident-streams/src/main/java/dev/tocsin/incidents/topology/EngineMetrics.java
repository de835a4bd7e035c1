package dev.tocsin.incidents.topology;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import java.time.Duration;

/** What the engine reports as it goes; implementations are thread-safe. */
public interface EngineMetrics {
  /** Reports nothing. */
  EngineMetrics NONE = new EngineMetrics() {
  };

  /** An incident opened at {@code severity}. */
  default void opened(Severity severity) {
  }

  /** An alert incident opened {@code sinceAlertStart} after its first alert started firing (time to detect). */
  default void detected(Severity severity, Duration sinceAlertStart) {
  }

  /** An incident was marked a false positive. */
  default void falsePositive(Severity severity) {
  }

  /** An incident was acknowledged {@code sinceOpened} after it opened (time to acknowledge). */
  default void acknowledged(Severity severity, Duration sinceOpened) {
  }

  /** An incident resolved {@code sinceOpened} after it opened (time to resolve). */
  default void resolved(Severity severity, Duration sinceOpened) {
  }

  /** An escalation level was paged. */
  default void escalated(Severity severity) {
  }

  /** The engine asked for {@code n} deliveries about an event of {@code type}. */
  default void notificationsRequested(IncidentEventType type, int n) {
  }

  /** Notifications were held back; {@code type} is SILENCED or INHIBITED. */
  default void suppressed(IncidentEventType type) {
  }

  /** A command was rejected. */
  default void commandRejected() {
  }
}
