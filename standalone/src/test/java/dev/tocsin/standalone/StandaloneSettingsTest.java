package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the standalone hands its services. */
class StandaloneSettingsTest {
  private static final String BASE = "https://tocsin.example.com/incidents";

  @TempDir
  Path dataDir;

  @Test
  void givesIngestAndTheNotifierOneIncidentUrlBase() {
    // Regression: the notifier had no incident.url.base, so only ingest's Slack replies linked incidents.
    Map<String, Object> original = Map.of("incident.url.base", BASE, "ingest.tokens", "t0ken");

    Map<String, Object> settings = Standalone.serviceSettings(original, new StandaloneConfig(original), dataDir);

    assertThat(NotifierConfig.INCIDENT_URL_BASE_CONFIG).isEqualTo(IngestConfig.INCIDENT_URL_BASE_CONFIG);
    assertThat(new IngestConfig(settings).incidentUrlBase()).isEqualTo(BASE);
    assertThat(new NotifierConfig(settings).incidentLinks()).isEqualTo(IncidentLinks.under(BASE))
        .isNotEqualTo(IncidentLinks.none());
  }

  @Test
  void letsTheOneConfigFileServeTheEngineAndTheNotifierUnlessTheirsAreGiven() {
    Map<String, Object> original = Map.of("config.file", " /etc/tocsin/tocsin.yml ",
        "notifier.receivers.file", "/etc/tocsin/receivers.yml");

    Map<String, Object> settings = Standalone.serviceSettings(original, new StandaloneConfig(original), dataDir);

    assertThat(settings).containsEntry(IncidentStreamsConfig.CONFIG_FILE_CONFIG, "/etc/tocsin/tocsin.yml")
        .containsEntry(NotifierConfig.RECEIVERS_FILE_CONFIG, "/etc/tocsin/receivers.yml")
        .containsEntry(IncidentStreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
  }
}
