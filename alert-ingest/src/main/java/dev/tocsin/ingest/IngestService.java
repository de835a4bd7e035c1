package dev.tocsin.ingest;

import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.alertmanager.AlertmanagerWebhookParser;
import dev.tocsin.ingest.http.BearerTokens;
import dev.tocsin.ingest.http.IngestHandler;
import dev.tocsin.ingest.publish.AlertPublisher;
import dev.tocsin.ingest.publish.KafkaAlertPublisher;
import dev.tocsin.schemas.TopicSpec;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running alert-ingest service: an HTTP server in front of an alert publisher. Closing stops
 * the server gracefully (in-flight requests still get their answer), then closes the publisher.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  private final Server server;
  private final ServerConnector connector;
  private final AlertPublisher publisher;
  private final AtomicBoolean closed = new AtomicBoolean();

  private IngestService(Server server, ServerConnector connector, AlertPublisher publisher) {
    this.server = server;
    this.connector = connector;
    this.publisher = publisher;
  }

  /**
   * Starts the service writing to Kafka.
   *
   * @param kafkaClientProperties {@code bootstrap.servers} and pass-through producer settings
   * @param alertsTopic the alerts topic with its serdes
   * @param clock source of each alert's {@code receivedAt}
   */
  public static IngestService start(IngestConfig config, Map<String, Object> kafkaClientProperties,
      TopicSpec<String, Alert> alertsTopic, Clock clock) {
    AlertPublisher publisher = KafkaAlertPublisher.create(kafkaClientProperties, alertsTopic, config.produceTimeout());
    return start(config, publisher, clock);
  }

  /** Starts the service in front of {@code publisher}, which it closes when it is closed. */
  public static IngestService start(IngestConfig config, AlertPublisher publisher, Clock clock) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("ingest-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.httpHost());
    connector.setPort(config.httpPort());
    server.addConnector(connector);

    IngestHandler handler = new IngestHandler(new AlertmanagerWebhookParser(config.maxAlertsPerRequest()), publisher,
        new BearerTokens(config.tokens().stream().map(Password::value).toList()), config.maxBodyBytes(), clock);
    server.setHandler(new GracefulHandler(handler));
    // Requests in flight wait for Kafka (metadata, then delivery) before they are answered.
    server.setStopTimeout(2 * config.produceTimeout().toMillis());
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      publisher.close();
      throw new IllegalStateException("cannot start the HTTP server on " + config.httpHost() + ":"
          + config.httpPort() + ": " + e.getMessage(), e);
    }
    LOG.info("alert-ingest listening on {}:{}", config.httpHost(), connector.getLocalPort());
    return new IngestService(server, connector, publisher);
  }

  /** The port the server listens on (the chosen one when {@code http.port} is 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting requests, lets in-flight ones finish, then flushes and closes the publisher. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopQuietly(server);
    publisher.close();
    LOG.info("alert-ingest stopped");
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
  }
}
