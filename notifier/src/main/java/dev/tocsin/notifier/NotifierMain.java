package dev.tocsin.notifier;

import dev.tocsin.ops.JvmDefaults;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import dev.tocsin.ops.OpsServer;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the notifier from {@code TOCSIN_*} environment variables until the JVM is asked to stop. */
public final class NotifierMain {
  private static final Logger log = LoggerFactory.getLogger(NotifierMain.class);

  private NotifierMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    JvmDefaults.apply();
    Map<String, Object> settings = ServiceProperties.fromEnvironment(System.getenv());
    NotifierConfig config;
    Topics topics;
    ReceiverChannels routing;
    try {
      config = new NotifierConfig(settings);
      topics = Topics.create(settings);
      routing = ReceiverChannels.from(config, System.getenv(), Clock.systemUTC());
    } catch (ConfigException | IllegalArgumentException e) {
      log.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    NotifierMetrics metrics = new NotifierMetrics();
    NotifierService service = NotifierService.start(config, ServiceProperties.kafkaClientProperties(settings),
        topics, Clock.systemUTC(), routing, metrics);
    try {
      OpsServer.serveUntilShutdown("notifier", config.httpHost(), config.httpPort(), metrics::scrape,
          service::isRunning, service::isReady, service, metrics);
    } catch (IllegalStateException e) {
      log.error("{}", e.getMessage());
      service.close();
      System.exit(2);
      return;
    }
    service.awaitTermination();
    if (service.failure().isPresent()) {
      System.exit(1);
    }
  }
}
