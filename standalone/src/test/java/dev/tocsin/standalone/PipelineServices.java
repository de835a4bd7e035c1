package dev.tocsin.standalone;

import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The engine, the notifier and ingest on one Kafka, started as the standalone starts them, for pipeline tests. */
record PipelineServices(IncidentStreamsService streams, NotifierService notifier, IngestService ingest) {
  /**
   * Writes the engine's file into {@code dir} — one route to receiver {@code default}, grouped by
   * alertname and service, notified without a group wait so tests need not wait it out — points
   * {@code settings} at it and starts the three services with {@code settings}.
   */
  static PipelineServices start(Map<String, Object> settings, Path dir) throws IOException {
    Path engine = dir.resolve("tocsin.yml");
    Files.writeString(engine, """
        route:
          receiver: default
          group_by: [alertname, service]
          group_wait: 0s
        receivers:
          - name: default
        """);
    settings.put("incidents.config.file", engine.toString());
    Map<String, Object> client = ServiceProperties.kafkaClientProperties(settings);
    Topics topics = Topics.create(settings);
    IncidentStreamsService streams = IncidentStreamsService.start(new IncidentStreamsConfig(settings), client, topics,
        settings);
    NotifierService notifier = NotifierService.start(new NotifierConfig(settings), client, topics, Clock.systemUTC());
    IngestService ingest = IngestService.start(new IngestConfig(settings), client, topics, Clock.systemUTC());
    return new PipelineServices(streams, notifier, ingest);
  }

  /** Closes each of {@code closeables} that is there, in order, whatever the others throw. */
  static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
