package dev.tocsin.ingest.cloudmonitoring;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.testing.AlertBatchInvariants;
import java.time.Instant;

class CloudMonitoringSourceFuzzTest {
  // Small limits, so that short inputs reach every one of them.
  private static final AlertLimits LIMITS = new AlertLimits(4, 16, 40, 200);
  private static final Instant RECEIVED = Instant.parse("2026-01-10T08:20:00.987654Z");
  private static final CloudMonitoringSource SOURCE = new CloudMonitoringSource(LIMITS);

  /** Regression mode replays the seeds and crashes in {@code CloudMonitoringSourceFuzzTestInputs/}. */
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"\"version\"", "\"1.2\"", "\"1.1\"", "\"incident\"", "\"incident_id\"", "\"state\"",
      "\"open\"", "\"closed\"", "\"started_at\"", "\"ended_at\"", "\"url\"", "\"summary\"", "\"severity\"",
      "\"Critical\"", "\"No Severity\"", "\"scoping_project_id\"", "\"policy_name\"", "\"condition_name\"",
      "\"policy_user_labels\"", "\"resource\"", "\"metric\"", "\"type\"", "\"labels\"", "\"displayName\"",
      "\"documentation\"", "\"content\"", "\"subject\"", "\"links\"", "\"observed_value\"", "\"threshold_value\"",
      "\"resource_id\"", "\"resource_name\"", "\"apigee_url\"", "\"alertname\"", "\"project_id\"", "null",
      "253402300799", "1e308", "\"\\ud800\""})
  void turnsAnyBodyIntoAWellFormedBatch(byte[] body) {
    AlertBatchInvariants.assertWellFormed(SOURCE.parse(body, RECEIVED, "fuzz"), LIMITS,
        AlertSource.CLOUD_MONITORING, RECEIVED, true);
  }
}
