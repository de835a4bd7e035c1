package dev.tocsin.standalone;

import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.api.IncidentApiConfig;
import dev.tocsin.api.IncidentApiService;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.schemas.config.GroupMembership;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.notifier.ReceiverChannels;
import dev.tocsin.notifier.metrics.NotifierMetrics;
import dev.tocsin.ops.OpsServer;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.config.ServiceProperties;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.schemas.registry.SchemaRegistries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: an embedded broker (unless {@code bootstrap.servers} is
 * given), a schema registry endpoint, the topics, and ingest, incident streams and notifier.
 * Start once, close once.
 */
public final class Standalone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);
  private static final String TOKEN_FILE = "ingest-token";
  private static final String API_KEY_FILE = "api-key";
  /** Where the notifier's generated {@code notifier.group.instance.id} is kept. */
  static final String NOTIFIER_INSTANCE_ID_FILE = "notifier-instance-id";
  private static final String SESSION_SECRET_FILE = "session-secret";
  /** The timeline's actor for the generated API key. */
  private static final String GENERATED_API_KEY_NAME = "standalone";

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private IncidentStreamsService streams;
  private NotifierService notifier;
  private String bootstrapServers;
  private String registryUrl;
  private int ingestPort;
  private int streamsHttpPort = -1;
  private int notifierHttpPort = -1;
  private String token;
  private boolean tokenGenerated;
  private String apiKey;
  private IncidentApiService api;

  private Standalone() {
  }

  /** Starts everything from {@code settings} (keys as in {@link StandaloneConfig} and the services' configs). */
  public static Standalone start(Map<String, Object> settings) {
    Standalone standalone = new Standalone();
    try {
      standalone.startAll(settings);
      return standalone;
    } catch (RuntimeException | Error e) {
      standalone.close();
      throw e;
    }
  }

  private void startAll(Map<String, Object> original) {
    long started = System.nanoTime();
    StandaloneConfig config = new StandaloneConfig(original);
    Path dataDir = Path.of(config.getString(StandaloneConfig.DATA_DIR_CONFIG)).toAbsolutePath();
    Map<String, Object> settings = serviceSettings(original, config, dataDir);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("data.dir: cannot create " + dataDir, e);
    }
    // Static membership for the notifier too (the engine keeps its name in its state directory):
    // after a crash, the restarted notifier takes its partitions back without waiting for a session.
    if (settings.get(NotifierConfig.GROUP_INSTANCE_ID_CONFIG) == null) {
      settings.put(NotifierConfig.GROUP_INSTANCE_ID_CONFIG,
          GroupMembership.instanceId(dataDir.resolve(NOTIFIER_INSTANCE_ID_FILE), "notifier"));
    }

    bootstrapServers = config.getString(StandaloneConfig.BOOTSTRAP_SERVERS_CONFIG);
    if (bootstrapServers.isBlank()) {
      EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, config.getInt(StandaloneConfig.EMBEDDED_KAFKA_PORT_CONFIG),
          config.getInt(StandaloneConfig.EMBEDDED_CONTROLLER_PORT_CONFIG));
      running.push(kafka);
      bootstrapServers = kafka.bootstrapServers();
    }
    settings.put(ServiceProperties.BOOTSTRAP_SERVERS, bootstrapServers);

    registryUrl = config.getString(StandaloneConfig.SCHEMA_REGISTRY_URL_CONFIG);
    if (registryUrl.isBlank()) {
      registryUrl = serveRegistry(dataDir, config.getInt(StandaloneConfig.REGISTRY_PORT_CONFIG));
    }
    settings.put(StandaloneConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);

    Map<String, Object> kafkaClient = ServiceProperties.kafkaClientProperties(settings);
    try (Admin admin = Admin.create(kafkaClient)) {
      TopicAdmin.ensureTopics(admin, config.getInt(StandaloneConfig.TOPIC_PARTITIONS_CONFIG),
          config.getShort(StandaloneConfig.TOPIC_REPLICATION_FACTOR_CONFIG));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
    Topics topics = Topics.create(settings);

    streams = IncidentStreamsService.start(new IncidentStreamsConfig(settings), kafkaClient, topics, settings);
    running.push(streams);
    NotifierConfig notifierConfig = new NotifierConfig(settings);
    NotifierMetrics notifierMetrics = new NotifierMetrics();
    running.push(notifierMetrics::close);
    notifier = NotifierService.start(notifierConfig, kafkaClient, topics, Clock.systemUTC(),
        ReceiverChannels.from(notifierConfig, System.getenv(), Clock.systemUTC()), notifierMetrics);
    running.push(notifier);
    IncidentStreamsConfig streamsConfig = new IncidentStreamsConfig(settings);
    IncidentStreamsService engine = streams;
    if (streamsConfig.httpPort().isPresent()) {
      OpsServer server = OpsServer.start("incident-streams", streamsConfig.httpHost(),
          streamsConfig.httpPort().getAsInt(), engine.metrics()::scrape, engine::live, engine::ready);
      running.push(server);
      streamsHttpPort = server.port();
    }
    if (notifierConfig.httpPort().isPresent()) {
      NotifierService delivering = notifier;
      OpsServer server = OpsServer.start("notifier", notifierConfig.httpHost(), notifierConfig.httpPort().getAsInt(),
          notifierMetrics::scrape, delivering::isRunning, delivering::isReady);
      running.push(server);
      notifierHttpPort = server.port();
    }

    if (settings.get(IngestConfig.INGEST_TOKENS_CONFIG) == null) {
      token = loadOrCreateToken(dataDir.resolve(TOKEN_FILE));
      settings.put(IngestConfig.INGEST_TOKENS_CONFIG, token);
    }
    IncidentApiConfig apiConfig = new IncidentApiConfig(settings);
    boolean apiKeyGenerated = false;
    if (!apiConfig.hasKeys()) {
      boolean existed = Files.exists(dataDir.resolve(API_KEY_FILE));
      apiKey = loadOrCreateSecret(dataDir.resolve(API_KEY_FILE), "API key");
      apiKeyGenerated = !existed;
      settings.put(IncidentApiConfig.KEYS_CONFIG, GENERATED_API_KEY_NAME + ":" + apiKey);
      apiConfig = new IncidentApiConfig(settings);
    }
    if (settings.get(IncidentApiConfig.SESSION_SECRET_CONFIG) == null) {
      // Kept, so console logins survive a restart of the standalone.
      settings.put(IncidentApiConfig.SESSION_SECRET_CONFIG, loadOrCreateSecret(dataDir.resolve(SESSION_SECRET_FILE),
          "console session secret"));
      apiConfig = new IncidentApiConfig(settings);
    }
    IngestConfig ingestConfig = new IngestConfig(settings);
    api = IncidentApiService.start(apiConfig, kafkaClient, topics, Clock.systemUTC());
    running.push(api);
    IngestService ingest = IngestService.start(ingestConfig, kafkaClient, topics, Clock.systemUTC(), api.handler());
    running.push(ingest);
    ingestPort = ingest.port();

    LOG.info("Tocsin standalone ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    LOG.info("  post Alertmanager webhooks to http://localhost:{}/api/v1/alerts/alertmanager", ingestPort);
    LOG.info("  with header Authorization: Bearer {}", token == null ? "<one of ingest.tokens>"
        : token + "  (" + (tokenGenerated ? "generated now, " : "") + "kept in " + dataDir.resolve(TOKEN_FILE) + ")");
    LOG.info("  console at http://localhost:{}/ and public status page at http://localhost:{}/status", ingestPort,
        ingestPort);
    LOG.info("  incident API at http://localhost:{}/api/v1/incidents, with {}", ingestPort,
        apiKey == null ? "one of api.keys" : apiKeyGenerated
            ? "API key " + apiKey + "  (generated now, shown once, kept in " + dataDir.resolve(API_KEY_FILE) + ")"
            : "the API key kept in " + dataDir.resolve(API_KEY_FILE));
    LOG.info("  schema registry (Confluent REST API) at {}", SchemaRegistries.redacted(registryUrl));
    LOG.info("  metrics and health: ingest :{}, incident-streams :{}, notifier :{}", ingestPort,
        streamsHttpPort < 0 ? "off" : streamsHttpPort, notifierHttpPort < 0 ? "off" : notifierHttpPort);
    LOG.info("  Kafka at {}; topics {}", bootstrapServers, TopicNames.ALL);
  }

  /**
   * The settings every service starts with: {@code original} as given, so that a key two services
   * declare is one setting for the whole pipeline ({@code incident.url.base} links incidents in
   * ingest's Slack replies and in every notifier message alike), plus the standalone's defaults for
   * them: Streams state under {@code dataDir}, and {@code config.file} as the engine's and the
   * notifier's file unless those are given.
   */
  static Map<String, Object> serviceSettings(Map<String, Object> original, StandaloneConfig config, Path dataDir) {
    Map<String, Object> settings = new HashMap<>(original);
    settings.putIfAbsent(IncidentStreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toString());
    settings.putIfAbsent(IncidentApiConfig.STATE_DIR_CONFIG, dataDir.resolve("api").toString());
    // The embedded broker writes here: a disk running full stops intake before it halts the broker.
    settings.putIfAbsent(IngestConfig.DISK_GUARD_DIR_CONFIG, dataDir.toString());
    // Every incident link Slack, email and PagerDuty carry opens the console, unless configured otherwise.
    Object port = settings.getOrDefault(IngestConfig.HTTP_PORT_CONFIG, "8080");
    if (!"0".equals(String.valueOf(port).strip())) {
      settings.putIfAbsent(IncidentLinks.BASE_CONFIG, "http://localhost:" + String.valueOf(port).strip() + "/incidents");
    }
    String configFile = config.getString(StandaloneConfig.CONFIG_FILE_CONFIG).strip();
    if (!configFile.isEmpty()) {
      settings.putIfAbsent(IncidentStreamsConfig.CONFIG_FILE_CONFIG, configFile);
      settings.putIfAbsent(NotifierConfig.RECEIVERS_FILE_CONFIG, configFile);
      settings.putIfAbsent(IngestConfig.CONFIG_FILE_CONFIG, configFile);
      settings.putIfAbsent(IncidentApiConfig.CONFIG_FILE_CONFIG, configFile);
    }
    return settings;
  }

  private String serveRegistry(Path dataDir, int port) {
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.journalled(dataDir.resolve("schema-registry.jsonl"));
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("localhost");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new SchemaRegistryHandler(registry));
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("registry.port: cannot serve the schema registry on port " + port, e);
    }
    running.push(server::stop);
    return "http://localhost:" + connector.getLocalPort();
  }

  private String loadOrCreateToken(Path file) {
    boolean existed = Files.exists(file);
    String secret = loadOrCreateSecret(file, "ingest token");
    tokenGenerated = !existed;
    return secret;
  }

  /** A credential of the standalone's own: kept in the data directory so it survives restarts. */
  private static String loadOrCreateSecret(Path file, String what) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        LOG.debug("file system without POSIX permissions; {} keeps its default mode", file);
      }
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the " + what + " file " + file, e);
    }
  }

  /** The API key (every scope) the standalone generated or kept from an earlier start, else null. */
  public String generatedApiKey() {
    return apiKey;
  }

  /** The incident API, served on ingest's port. */
  public IncidentApiService api() {
    return api;
  }

  /** Port of the engine's /metrics and health probes, or -1 when it serves none. */
  public int streamsHttpPort() {
    return streamsHttpPort;
  }

  /** Port of the notifier's /metrics and health probes, or -1 when it serves none. */
  public int notifierHttpPort() {
    return notifierHttpPort;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }

  public int ingestPort() {
    return ingestPort;
  }

  /** The bearer token ingest accepts when the standalone generated it, else null. */
  public String generatedToken() {
    return token;
  }

  /**
   * Why the pipeline can no longer do its job, if it cannot: the notifier's consumer thread died
   * or the Streams application stopped for good. Ingest would still answer 200 while nobody is
   * told, so the caller must shut down loudly.
   */
  public Optional<String> failure() {
    if (notifier != null && !notifier.isRunning()) {
      return Optional.of("notifier stopped: " + notifier.failure().map(Throwable::toString).orElse("no cause"));
    }
    if (streams != null && !streams.running()) {
      return Optional.of("incident streams stopped in state " + streams.state());
    }
    return Optional.empty();
  }

  /** Stops the services in reverse start order, then the registry and the broker. */
  @Override
  public synchronized void close() {
    while (!running.isEmpty()) {
      AutoCloseable component = running.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
