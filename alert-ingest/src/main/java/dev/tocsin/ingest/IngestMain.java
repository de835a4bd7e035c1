package dev.tocsin.ingest;

import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: configuration from {@code TOCSIN_*} environment variables, then the service until shutdown. */
public final class IngestMain {
  private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);

  private IngestMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> settings = ServiceProperties.fromEnvironment(System.getenv());
    IngestService service;
    try {
      IngestConfig config = new IngestConfig(settings);
      Topics topics = Topics.create(settings);
      service = IngestService.start(config, ServiceProperties.kafkaClientProperties(settings), topics,
          Clock.systemUTC());
    } catch (ConfigException | IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "alert-ingest-shutdown"));
    service.join();
  }
}
