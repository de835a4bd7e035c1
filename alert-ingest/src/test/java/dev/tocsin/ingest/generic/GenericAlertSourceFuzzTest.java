package dev.tocsin.ingest.generic;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.testing.AlertBatchInvariants;
import java.time.Instant;

class GenericAlertSourceFuzzTest {
  // Small limits, so that short inputs reach every one of them.
  private static final AlertLimits LIMITS = new AlertLimits(4, 8, 40, 200);
  private static final Instant RECEIVED = Instant.parse("2026-01-10T08:20:00.987654Z");
  private static final GenericAlertSource SOURCE = new GenericAlertSource(LIMITS);

  /** Regression mode replays the seeds and crashes in {@code GenericAlertSourceFuzzTestInputs/}. */
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"\"name\"", "\"status\"", "\"firing\"", "\"resolved\"", "\"severity\"", "\"P0\"",
      "\"sev-2\"", "\"labels\"", "\"alertname\"", "\"annotations\"", "\"startsAt\"", "\"endsAt\"", "\"generatorURL\"",
      "\"dedupKey\"", "\"priority\"", "null", "\"2026-01-10T08:20:00.987Z\"", "\"0001-01-01T00:00:00Z\"",
      "\"9999-12-31T23:59:59-18:00\"", "+01:00", "\"\\ud800\""})
  void turnsAnyBodyIntoAWellFormedBatch(byte[] body) {
    AlertBatchInvariants.assertWellFormed(SOURCE.parse(body, RECEIVED, "fuzz"), LIMITS, AlertSource.GENERIC,
        RECEIVED, true);
  }
}
