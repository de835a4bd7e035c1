package dev.tocsin.ingest.alertmanager;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.testing.AlertBatchInvariants;
import java.time.Instant;

class AlertmanagerSourceFuzzTest {
  // Small limits, so that short inputs reach every one of them.
  private static final AlertLimits LIMITS = new AlertLimits(4, 8, 40, 200);
  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:53:05.123456Z");
  private static final AlertmanagerSource SOURCE = new AlertmanagerSource(LIMITS);

  /** Regression mode replays the seeds and crashes in {@code AlertmanagerSourceFuzzTestInputs/}. */
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"\"version\"", "\"4\"", "\"groupKey\"", "\"truncatedAlerts\"", "\"status\"",
      "\"firing\"", "\"resolved\"", "\"receiver\"", "\"externalURL\"", "\"alerts\"", "\"labels\"", "\"alertname\"",
      "\"annotations\"", "\"startsAt\"", "\"endsAt\"", "\"generatorURL\"", "\"fingerprint\"", "\"0001-01-01T00:00:00Z\"",
      "\"ea51316c0c095757\"", "null", "18446744073709551615", "\"\\ud800\""})
  void turnsAnyBodyIntoAWellFormedBatch(byte[] body) {
    // Alertmanager may send a resolved alert without an end, so endsAt is not tied to the status here.
    AlertBatchInvariants.assertWellFormed(SOURCE.parse(body, RECEIVED, "fuzz"), LIMITS, AlertSource.ALERTMANAGER,
        RECEIVED, false);
  }
}
