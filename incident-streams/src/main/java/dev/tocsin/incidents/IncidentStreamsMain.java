package dev.tocsin.incidents;

import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import java.util.Map;

/** Runs the incident engine alone, configured by {@code TOCSIN_*} environment variables. */
public final class IncidentStreamsMain {
  private IncidentStreamsMain() {
  }

  public static void main(String[] args) {
    Map<String, Object> settings = ServiceProperties.fromEnvironment(System.getenv());
    IncidentStreamsConfig config = new IncidentStreamsConfig(settings);
    IncidentStreamsService service = IncidentStreamsService.start(config,
        ServiceProperties.kafkaClientProperties(settings), Topics.create(settings), settings);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "incident-streams-shutdown"));
  }
}
