package dev.tocsin.api;

import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.commands.ApiCommands;
import dev.tocsin.api.console.ConsoleHandler;
import dev.tocsin.api.console.Sessions;
import dev.tocsin.api.http.ApiHandler;
import dev.tocsin.api.readmodel.IncidentCatalog;
import dev.tocsin.api.readmodel.ReadModel;
import dev.tocsin.api.readmodel.ReadModelTopology;
import dev.tocsin.api.status.StatusPageHandler;
import dev.tocsin.ingest.publish.CommandPublisher;
import dev.tocsin.ingest.publish.KafkaCommandPublisher;
import dev.tocsin.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the incident API: the read model's Kafka Streams application (global stores only), the
 * command publisher and the HTTP handler, which the caller mounts on its server (the standalone
 * serves it on ingest's port).
 */
public final class IncidentApiService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentApiService.class);
  private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaStreams streams;
  private final CommandPublisher publisher;
  private final ApiHandler handler;
  private final Handler served;
  private final IncidentCatalog catalog;

  private IncidentApiService(KafkaStreams streams, CommandPublisher publisher, ApiHandler handler, Handler served,
      IncidentCatalog catalog) {
    this.streams = streams;
    this.publisher = publisher;
    this.handler = handler;
    this.served = served;
    this.catalog = catalog;
  }

  /**
   * @param kafkaClientProperties {@code bootstrap.servers} and pass-through Kafka settings
   */
  public static IncidentApiService start(IncidentApiConfig config, Map<String, Object> kafkaClientProperties,
      Topics topics, Clock clock) {
    ApiFileSettings file = config.fileSettings(System.getenv());
    IncidentCatalog catalog = new IncidentCatalog();
    Map<String, Object> props = new HashMap<>(kafkaClientProperties);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    Properties properties = new Properties();
    properties.putAll(props);
    KafkaStreams streams = new KafkaStreams(ReadModelTopology.build(topics, catalog), properties);
    streams.setStateListener((now, before) -> LOG.info("incident API read model {} -> {}", before, now));
    CommandPublisher publisher = KafkaCommandPublisher.create(kafkaClientProperties, topics.incidentCommands(),
        PRODUCE_TIMEOUT);
    ReadModel model = new ReadModel(catalog, store(streams, ReadModelTopology.INCIDENT_STORE),
        store(streams, ReadModelTopology.TIMELINE_STORE), topics.incidents().valueSerde().deserializer(),
        topics.incidentEvents().valueSerde().deserializer());
    ApiKeys keys = config.keys();
    ApiCommands commands = new ApiCommands(file.aliases());
    java.util.function.BooleanSupplier ready = () -> streams.state() == KafkaStreams.State.RUNNING;
    ConsoleHandler console = new ConsoleHandler(model, keys, file.users(), new Sessions(config.sessionSecret()),
        commands, publisher, config.commandWait(), clock, ready, file.objectives());
    ApiHandler handler = new ApiHandler(model, keys, commands, publisher, config.commandWait(), config.maxBodyBytes(),
        clock, ready, file.objectives(), console::session);
    StatusPageHandler statusPage = new StatusPageHandler(model, file.statusPage(), clock, ready);
    streams.start();
    return new IncidentApiService(streams, publisher, handler, new Handler.Sequence(statusPage, handler, console),
        catalog);
  }

  private static Supplier<ReadOnlyKeyValueStore<String, byte[]>> store(KafkaStreams streams, String name) {
    return new Supplier<>() {
      private volatile ReadOnlyKeyValueStore<String, byte[]> store;

      @Override
      public ReadOnlyKeyValueStore<String, byte[]> get() {
        ReadOnlyKeyValueStore<String, byte[]> known = store;
        if (known == null) {
          known = streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
          store = known;
        }
        return known;
      }
    };
  }

  /**
   * The HTTP handler: the public status page and the API; it answers their paths and leaves every
   * other to the next handler.
   */
  public Handler handler() {
    return served;
  }

  /** True once the read model has caught up with the topics as they were at start. */
  public boolean ready() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** How many incidents the read model holds. */
  public int incidents() {
    return catalog.size();
  }

  @Override
  public void close() {
    handler.close();
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30)));
    publisher.close();
  }
}
