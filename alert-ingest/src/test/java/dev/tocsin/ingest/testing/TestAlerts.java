package dev.tocsin.ingest.testing;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import java.time.Instant;
import java.util.Map;

/** Small {@link Alert} records for tests that do not care about their content. */
public final class TestAlerts {
  private TestAlerts() {
  }

  /** A firing alert with the given fingerprint. */
  public static Alert alert(String fingerprint) {
    return Alert.newBuilder()
        .setSource(AlertSource.ALERTMANAGER)
        .setFingerprint(fingerprint)
        .setStatus(AlertStatus.FIRING)
        .setLabels(Map.of("alertname", "TestAlert"))
        .setStartsAt(Instant.parse("2026-11-22T10:00:00Z"))
        .setReceivedAt(Instant.parse("2026-11-22T10:00:01Z"))
        .build();
  }
}
