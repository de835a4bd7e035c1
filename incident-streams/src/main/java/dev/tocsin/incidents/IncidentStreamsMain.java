package dev.tocsin.incidents;

import dev.tocsin.ops.JvmDefaults;
import dev.tocsin.incidents.config.EngineConfig;
import dev.tocsin.ops.OpsServer;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the incident engine alone, configured by {@code TOCSIN_*} environment variables. */
public final class IncidentStreamsMain {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentStreamsMain.class);

  private IncidentStreamsMain() {
  }

  public static void main(String[] args) {
    JvmDefaults.apply();
    Map<String, Object> settings = ServiceProperties.fromEnvironment(System.getenv());
    IncidentStreamsConfig config;
    try {
      config = new IncidentStreamsConfig(settings);
      EngineConfig engine = config.engineConfig(System.getenv());
      LOG.info("engine configuration: {} route(s), {} silence(s), {} inhibit rule(s)",
          engine.routes().routes().size(), engine.silences().size(), engine.inhibitRules().size());
    } catch (ConfigException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    IncidentStreamsService service = IncidentStreamsService.start(config,
        ServiceProperties.kafkaClientProperties(settings), Topics.create(settings), settings);
    try {
      OpsServer.serveUntilShutdown("incident-streams", config.httpHost(), config.httpPort(),
          service.metrics()::scrape, service::live, service::ready, service);
    } catch (IllegalStateException e) {
      LOG.error("{}", e.getMessage());
      service.close();
      System.exit(2);
    }
  }
}
