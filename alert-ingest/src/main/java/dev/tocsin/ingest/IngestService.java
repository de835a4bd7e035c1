package dev.tocsin.ingest;

import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.alertmanager.AlertmanagerSource;
import dev.tocsin.ingest.cloudmonitoring.CloudMonitoringSource;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.generic.GenericAlertSource;
import dev.tocsin.ingest.http.BasicOrQueryTokenAuth;
import dev.tocsin.ingest.http.BearerAuth;
import dev.tocsin.ingest.http.BearerTokens;
import dev.tocsin.ingest.http.Endpoint;
import dev.tocsin.ingest.http.IngestHandler;
import dev.tocsin.ingest.http.RecentIds;
import dev.tocsin.ingest.http.RequestAuth;
import dev.tocsin.ingest.metrics.IngestMetrics;
import dev.tocsin.ingest.pagerduty.PagerDutySignatureVerifier;
import dev.tocsin.ingest.pagerduty.PagerDutyWebhooks;
import dev.tocsin.ingest.publish.AlertPublisher;
import dev.tocsin.ingest.publish.CommandPublisher;
import dev.tocsin.ingest.publish.DiskGuard;
import dev.tocsin.ingest.publish.KafkaAlertPublisher;
import dev.tocsin.ingest.publish.KafkaCommandPublisher;
import dev.tocsin.ingest.publish.PublishException;
import dev.tocsin.ingest.slack.SlackCommands;
import dev.tocsin.ingest.slack.SlackRequestVerifier;
import dev.tocsin.schemas.TopicSpec;
import dev.tocsin.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.types.Password;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Handler;
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
  /** Slack's documented replay window for signed requests. */
  private static final Duration SLACK_WINDOW = Duration.ofMinutes(5);
  private static final int PAGERDUTY_REMEMBERED_EVENTS = 10_000;

  private final Server server;
  private final ServerConnector connector;
  private final AlertPublisher publisher;
  private final CommandPublisher commands;
  private final IngestMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();

  private IngestService(Server server, ServerConnector connector, AlertPublisher publisher, CommandPublisher commands,
      IngestMetrics metrics) {
    this.server = server;
    this.connector = connector;
    this.publisher = publisher;
    this.commands = commands;
    this.metrics = metrics;
  }

  /**
   * Starts the service writing alerts and incident commands to Kafka.
   *
   * @param kafkaClientProperties {@code bootstrap.servers} and pass-through producer settings
   * @param clock source of each alert's {@code receivedAt}
   */
  public static IngestService start(IngestConfig config, Map<String, Object> kafkaClientProperties, Topics topics,
      Clock clock) {
    return start(config, kafkaClientProperties, topics, clock, null);
  }

  /**
   * As {@link #start(IngestConfig, Map, Topics, Clock)}, with {@code mounted} asked first for every
   * request: what it does not handle (it returns false) goes to ingest's own endpoints. The
   * standalone serves the incident API this way, on the same origin.
   */
  public static IngestService start(IngestConfig config, Map<String, Object> kafkaClientProperties, Topics topics,
      Clock clock, Handler mounted) {
    AlertPublisher publisher = guarded(config, KafkaAlertPublisher.create(kafkaClientProperties, topics.alerts(),
        config.produceTimeout()));
    CommandPublisher commands = KafkaCommandPublisher.create(kafkaClientProperties, topics.incidentCommands(),
        config.produceTimeout());
    return start(config, publisher, commands, clock, mounted);
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
    AlertPublisher publisher = guarded(config, KafkaAlertPublisher.create(kafkaClientProperties, alertsTopic,
        config.produceTimeout()));
    return start(config, publisher, clock);
  }

  /** {@code publisher} behind a {@link DiskGuard} when {@code ingest.disk.guard.dir} is set. */
  private static AlertPublisher guarded(IngestConfig config, AlertPublisher publisher) {
    return config.diskGuardDir() == null ? publisher
        : new DiskGuard(publisher, config.diskGuardDir(), config.diskMinFreeBytes());
  }

  /** Starts the service in front of {@code publisher}, which it closes when it is closed; commands are refused. */
  public static IngestService start(IngestConfig config, AlertPublisher publisher, Clock clock) {
    return start(config, publisher, command -> CompletableFuture.failedFuture(
        new PublishException("incident commands are not enabled in this service")), clock);
  }

  /** Starts the service in front of the given publishers, which it closes when it is closed. */
  public static IngestService start(IngestConfig config, AlertPublisher publisher, CommandPublisher commands,
      Clock clock) {
    return start(config, publisher, commands, clock, null);
  }

  private static IngestService start(IngestConfig config, AlertPublisher publisher, CommandPublisher commands,
      Clock clock, Handler mounted) {
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

    IngestMetrics metrics = new IngestMetrics();
    IngestHandler handler = new IngestHandler(endpoints(config), publisher, commands, metrics, config.maxBodyBytes(),
        clock);
    server.setHandler(new GracefulHandler(mounted == null ? handler : new Handler.Sequence(mounted, handler)));
    // Requests in flight wait for Kafka (metadata, then delivery) before they are answered.
    server.setStopTimeout(2 * config.produceTimeout().toMillis());
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      publisher.close();
      commands.close();
      metrics.close();
      throw new IllegalStateException("cannot start the HTTP server on " + config.httpHost() + ":"
          + config.httpPort() + ": " + e.getMessage(), e);
    }
    LOG.info("alert-ingest listening on {}:{}; endpoints {}", config.httpHost(), connector.getLocalPort(),
        handler.paths());
    return new IngestService(server, connector, publisher, commands, metrics);
  }

  /** The enabled protocols: those whose credentials are configured. */
  static List<Endpoint> endpoints(IngestConfig config) {
    AlertLimits limits = config.alertLimits();
    RequestAuth bearer = new BearerAuth(new BearerTokens(config.tokens().stream().map(Password::value).toList()));
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint.Alerts(IngestHandler.ALERTMANAGER_PATH, "alertmanager", bearer,
        new AlertmanagerSource(limits)));
    endpoints.add(new Endpoint.Alerts(IngestHandler.GENERIC_PATH, "generic", bearer, new GenericAlertSource(limits)));
    if (!config.cloudMonitoringTokens().isEmpty() || !config.cloudMonitoringBasicAuth().isEmpty()) {
      endpoints.add(new Endpoint.Alerts(IngestHandler.CLOUD_MONITORING_PATH, "cloud_monitoring",
          new BasicOrQueryTokenAuth(config.cloudMonitoringBasicAuth(), config.cloudMonitoringTokens()),
          new CloudMonitoringSource(limits)));
    }
    if (!config.slackSigningSecrets().isEmpty()) {
      SlackRequestVerifier verifier = new SlackRequestVerifier(config.slackSigningSecrets(), SLACK_WINDOW);
      SlackCommands slack = new SlackCommands(config.incidentUrlBase(), config.severityAliases(System.getenv()));
      endpoints.add(new Endpoint.Slack(IngestHandler.SLACK_COMMANDS_PATH, "slack", verifier, slack, false));
      endpoints.add(new Endpoint.Slack(IngestHandler.SLACK_INTERACTIONS_PATH, "slack", verifier, slack, true));
    }
    if (!config.pagerDutyWebhookSecrets().isEmpty()) {
      endpoints.add(new Endpoint.PagerDuty(IngestHandler.PAGERDUTY_PATH, "pagerduty",
          new PagerDutySignatureVerifier(config.pagerDutyWebhookSecrets()), new PagerDutyWebhooks(),
          new RecentIds(PAGERDUTY_REMEMBERED_EVENTS)));
    }
    return endpoints;
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
    commands.close();
    metrics.close();
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
