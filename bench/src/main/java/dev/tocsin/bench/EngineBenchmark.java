package dev.tocsin.bench;

import dev.tocsin.avro.Alert;
import dev.tocsin.avro.AlertSource;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Notification;
import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.incidents.topology.IncidentTopology;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.TopicNames;
import dev.tocsin.schemas.Topics;
import dev.tocsin.standalone.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Pushes N firing alerts across M groups through the incident engine on a real single-node broker
 * (the standalone's embedded one, exactly-once) as fast as a producer can, and prints alerts
 * processed per second and the latency from producing a group's first alert to its OPENED
 * notification on the notifications topic (queueing included); then opens 200 more groups at 20
 * a second on the idle engine and prints their latency; finally the state stores' bytes on disk
 * per 100k open alerts (measured after a clean close, which flushes RocksDB). A warm-up flood on
 * other groups goes first. Arguments: {@code [alerts=100000] [groups=1000] [warm-up alerts=alerts/2]}.
 */
public final class EngineBenchmark {
  private EngineBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int groups = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : alerts / 2;
    Path dir = Files.createTempDirectory("tocsin-engine-bench");
    Path config = dir.resolve("tocsin.yml");
    Files.writeString(config, """
        route:
          receiver: default
          group_by: [alertname, service]
          group_wait: 0s
        """);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), freePort(), freePort())) {
      Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        TopicAdmin.ensureTopics(admin, 3, (short) 1);
      }
      // -Dkafka.<key>=<value> passes a Streams setting through, as TOCSIN_KAFKA_* does for the service.
      Map<String, Object> streamsClient = new HashMap<>(client);
      System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("kafka."))
          .forEach(key -> streamsClient.put(key.substring("kafka.".length()), System.getProperty(key)));
      Map<String, Object> settings = new HashMap<>();
      settings.put("schema.registry.url", "mock://engine-bench");
      settings.put("streams.state.dir", dir.resolve("state").toString());
      settings.put("incidents.config.file", config.toString());
      Topics topics = Topics.create(settings);
      System.out.printf(Locale.ROOT, "incident engine on a single-node broker (exactly-once), %d alerts across %d "
          + "groups, %d cores%n", alerts, groups, Runtime.getRuntime().availableProcessors());

      Map<String, Long> firstSentNanos = new ConcurrentHashMap<>();
      List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
      try (IncidentStreamsService engine = IncidentStreamsService.start(new IncidentStreamsConfig(settings),
          streamsClient, topics, settings)) {
        while (!engine.running()) {
          Thread.sleep(50);
        }
        Watcher watcher = new Watcher(kafka.bootstrapServers(), topics, firstSentNanos, latenciesNanos);
        Thread watching = new Thread(watcher, "bench-watcher");
        watching.start();
        if (warmup > 0) {
          // The JIT compiles the broker's, Streams' and the engine's hot paths during the first
          // tens of seconds; a flood on other groups first measures the engine, not the compiler.
          long warmupNanos = flood(kafka.bootstrapServers(), topics, watcher, warmup, groups, WARMUP_GROUPS, "w",
              null);
          System.out.printf(Locale.ROOT, "warm-up: %d alerts across %d other groups in %.1f s (not counted)%n",
              warmup, groups, warmupNanos / 1e9);
          latenciesNanos.clear();
        }
        long floodNanos = flood(kafka.bootstrapServers(), topics, watcher, alerts, groups, 0, "", firstSentNanos);
        System.out.printf(Locale.ROOT, "flood: %d alerts processed in %.1f s: %.0f alerts/s%n", alerts,
            floodNanos / 1e9, alerts / (floodNanos / 1e9));
        report("flood, a group's first alert to its OPENED notification (queueing included)", latenciesNanos);
        latenciesNanos.clear();

        int probes = 200;
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
            topics.alerts().valueSerde().serializer())) {
          for (int i = 0; i < probes; i++) {
            int group = groups + i;
            String fingerprint = String.format(Locale.ROOT, "p%015x", i);
            Instant now = Instant.now();
            Alert alert = Alert.newBuilder().setSource(AlertSource.ALERTMANAGER).setFingerprint(fingerprint)
                .setStatus(AlertStatus.FIRING)
                .setLabels(Map.of("alertname", "Bench" + (group % 10), "service", "svc-" + group, "severity",
                    "warning"))
                .setStartsAt(now).setReceivedAt(now).build();
            firstSentNanos.put(groupKey(group), System.nanoTime());
            producer.send(new ProducerRecord<>(TopicNames.ALERTS, fingerprint, alert));
            producer.flush();
            Thread.sleep(50);
          }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (latenciesNanos.size() < probes && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        watcher.stop = true;
        watching.join();
        report("idle engine, 20 new groups a second", latenciesNanos);
      }
      // Closed cleanly: RocksDB has flushed its memtables, so the files hold the stores' data.
      long dedup = bytes(dir.resolve("state"), IncidentTopology.DEDUP_STORE);
      long incidents = bytes(dir.resolve("state"), IncidentTopology.INCIDENT_STORE);
      long incidentAlerts = bytes(dir.resolve("state"), IncidentTopology.INCIDENT_ALERT_STORE);
      long timers = bytes(dir.resolve("state"), IncidentTopology.TIMER_STORE);
      // Every group the run opened is on disk, the warm-up's included.
      double per100k = 100_000.0 / (alerts + warmup);
      System.out.printf(Locale.ROOT, "state on disk per 100k open alerts: dedup %.1f MiB, incidents %.1f MiB, "
          + "their alerts %.1f MiB, timers %.2f MiB, total %.1f MiB%n", dedup * per100k / 1048576,
          incidents * per100k / 1048576, incidentAlerts * per100k / 1048576, timers * per100k / 1048576,
          (dedup + incidents + incidentAlerts + timers) * per100k / 1048576);
    }
  }

  /** Groups numbered from here on are the warm-up's, apart from the measured ones. */
  private static final int WARMUP_GROUPS = 1_000_000;

  /**
   * Produces {@code alerts} firing alerts round-robin over {@code groups} groups numbered from
   * {@code firstGroup} as fast as a producer can, and answers the time until the engine had
   * processed them all (their timeline events seen). Each group's first send time goes into
   * {@code firstSent} unless that is null.
   */
  private static long flood(String bootstrap, Topics topics, Watcher watcher, int alerts, int groups, int firstGroup,
      String fingerprintPrefix, Map<String, Long> firstSent) {
    long counted = watcher.events;
    long start = System.nanoTime();
    try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), topics.alerts().valueSerde().serializer())) {
      for (int i = 0; i < alerts; i++) {
        int group = firstGroup + i % groups;
        String fingerprint = String.format(Locale.ROOT, "%s%016x", fingerprintPrefix, i);
        Instant now = Instant.now();
        Alert alert = Alert.newBuilder().setSource(AlertSource.ALERTMANAGER).setFingerprint(fingerprint)
            .setStatus(AlertStatus.FIRING)
            .setLabels(Map.of("alertname", "Bench" + (group % 10), "service", "svc-" + group, "instance",
                "i-" + i, "severity", "warning"))
            .setAnnotations(Map.of("summary", "benchmark alert " + i))
            .setStartsAt(now).setReceivedAt(now).build();
        if (i < groups && firstSent != null) {
          firstSent.put(groupKey(group), System.nanoTime());
        }
        producer.send(new ProducerRecord<>(TopicNames.ALERTS, fingerprint, alert));
      }
    }
    try {
      while (watcher.events < counted + alerts) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return watcher.lastEventNanos - start;
  }

  private static String groupKey(int group) {
    return "Bench" + (group % 10) + "/svc-" + group;
  }

  /** Counts timeline events (one per processed alert) and times each group's OPENED notification. */
  private static final class Watcher implements Runnable {
    private final String bootstrap;
    private final Topics topics;
    private final Map<String, Long> firstSent;
    private final List<Long> latencies;
    volatile boolean stop;
    volatile long events;
    volatile long lastEventNanos;

    Watcher(String bootstrap, Topics topics, Map<String, Long> firstSent, List<Long> latencies) {
      this.bootstrap = bootstrap;
      this.topics = topics;
      this.firstSent = firstSent;
      this.latencies = latencies;
    }

    @Override
    public void run() {
      var eventReader = topics.incidentEvents().valueSerde().deserializer();
      var notificationReader = topics.notifications().valueSerde().deserializer();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = Stream.of(TopicNames.INCIDENT_EVENTS, TopicNames.NOTIFICATIONS)
            .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
            .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (!stop) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.nanoTime();
            if (r.topic().equals(TopicNames.INCIDENT_EVENTS)) {
              IncidentEvent e = eventReader.deserialize(r.topic(), r.value());
              if (e.getType() == IncidentEventType.OPENED || e.getType() == IncidentEventType.ALERT_ADDED) {
                events++;
                lastEventNanos = now;
              }
            } else {
              Notification n = notificationReader.deserialize(r.topic(), r.value());
              if (n.getEvent().getType() == IncidentEventType.OPENED) {
                Map<String, String> g = n.getIncident().getGroupLabels();
                Long sent = firstSent.remove(g.get("alertname") + "/" + g.get("service"));
                if (sent != null) {
                  latencies.add(now - sent);
                }
              }
            }
          }
        }
      }
    }
  }

  private static void report(String what, List<Long> latenciesNanos) {
    List<Long> sorted = new ArrayList<>(latenciesNanos);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "alert-to-notification, %s: %d groups, p50 %.1f ms, p99 %.1f ms%n", what,
        sorted.size(), percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static long bytes(Path stateDir, String store) throws IOException {
    try (Stream<Path> files = Files.walk(stateDir)) {
      return files.filter(p -> p.toString().contains("/" + store + "/") || p.toString().contains("/rocksdb/"
              + store + "/")).filter(Files::isRegularFile).mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).sum();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
