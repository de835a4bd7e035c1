package dev.tocsin.bench;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.Notification;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.notifier.NotifierConfig;
import dev.tocsin.notifier.NotifierService;
import dev.tocsin.notifier.ReceiverChannels;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.Topics;
import dev.tocsin.standalone.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.LoggerFactory;

/**
 * Produces a storm of notifications for many concurrent incidents to a real single-node broker
 * (the standalone's embedded one) and lets the notifier deliver them to a local webhook stub,
 * one receiver (and so one lane) per team; prints deliveries per second and the latency from a
 * notification's {@code requestedAt} to its arrival at the stub. Rate limits are off: this
 * measures the pipeline, not Slack's allowance.
 * Arguments: {@code [incidents=500] [events per incident=4] [receivers=8]}.
 */
public final class NotifierBenchmark {
  private static final String ID_HEADER = "X-Tocsin-Notification-Id";

  private NotifierBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int incidents = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int receivers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.tocsin")).setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.WARN);

    Path dataDir = Files.createTempDirectory("tocsin-notifier-bench");
    Stub stub = Stub.start();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, freePort(), freePort())) {
      Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        TopicAdmin.ensureTopics(admin, 3, (short) 1);
      }
      Map<String, Object> serde = Map.of("schema.registry.url", "mock://notifier-bench");
      Topics topics = Topics.create(serde);
      Path receiversFile = dataDir.resolve("tocsin.yml");
      StringBuilder yaml = new StringBuilder("receivers:\n");
      for (int r = 0; r < receivers; r++) {
        yaml.append("  - name: team-").append(r).append('\n')
            .append("    webhook_configs: [{url: \"").append(stub.url()).append("\"}]\n");
      }
      Files.writeString(receiversFile, yaml);
      NotifierConfig config = new NotifierConfig(Map.of("notifier.receivers.file", receiversFile.toString(),
          "notifier.rate.limit.webhook.per.minute", "0",
          // -Dnotifier.lane.concurrency=N compares lanes of N strands (default: the notifier's own default).
          NotifierConfig.LANE_CONCURRENCY_CONFIG, System.getProperty(NotifierConfig.LANE_CONCURRENCY_CONFIG,
              String.valueOf(NotifierConfig.CONFIG.defaultValues().get(NotifierConfig.LANE_CONCURRENCY_CONFIG)))));
      ReceiverChannels routing = ReceiverChannels.from(config, Map.of(), Clock.systemUTC());

      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
              ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
          NotifierService notifier = NotifierService.start(config, client, topics, Clock.systemUTC(), routing)) {
        System.out.printf(Locale.ROOT, "notifier on a single-node broker: %d incidents x %d events, %d receivers "
            + "(one webhook lane each), %d cores%n", incidents, events, receivers,
            Runtime.getRuntime().availableProcessors());
        run(producer, topics, stub, "warmup", 50, 2, receivers); // JIT, metadata, group join
        Result result = run(producer, topics, stub, "run", incidents, events, receivers);
        System.out.println("notifications  deliveries/s  p50 ms  p99 ms  max ms");
        System.out.printf(Locale.ROOT, "%13d  %12.0f  %6d  %6d  %6d%n", result.latencies.length,
            result.latencies.length / (result.elapsedNanos / 1e9), result.percentile(0.50), result.percentile(0.99),
            result.latencies[result.latencies.length - 1]);
        if (notifier.failure().isPresent()) {
          throw new IllegalStateException("the notifier failed", notifier.failure().get());
        }
      }
    } finally {
      stub.close();
    }
  }

  private record Result(long elapsedNanos, long[] latencies) {
    long percentile(double p) {
      return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)];
    }
  }

  /** Produces every event of every incident, interleaved as concurrent incidents are, and waits for each delivery. */
  private static Result run(KafkaProducer<byte[], byte[]> producer, Topics topics, Stub stub, String prefix,
      int incidents, int events, int receivers) throws InterruptedException {
    int total = incidents * events;
    CountDownLatch arrived = stub.expect(prefix, total);
    String topic = topics.notifications().name();
    Map<String, Instant> requested = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    for (int e = 1; e <= events; e++) {
      for (int i = 0; i < incidents; i++) {
        String incident = prefix + "-INC-" + i;
        String id = incident + ":" + e;
        Instant now = Instant.now();
        requested.put(id, now);
        Notification notification = notification(id, incident, e, "team-" + (i % receivers), now);
        producer.send(new ProducerRecord<>(topic, topics.notifications().keySerde().serializer().serialize(topic,
            incident), topics.notifications().valueSerde().serializer().serialize(topic, notification)));
      }
    }
    producer.flush();
    if (!arrived.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("only " + (total - arrived.getCount()) + " of " + total + " delivered");
    }
    long elapsed = System.nanoTime() - start;
    List<Long> latencies = new ArrayList<>();
    requested.forEach((id, at) -> latencies.add(Duration.between(at, stub.arrivals.get(id)).toMillis()));
    return new Result(elapsed, latencies.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  static Notification notification(String id, String incidentId, int sequence, String receiver, Instant now) {
    IncidentAlert alert = IncidentAlert.newBuilder().setFingerprint("0123456789abcdef").setStatus(AlertStatus.FIRING)
        .setLabels(Map.of("alertname", "HighLatency", "service", "bench")).setStartsAt(now)
        .setSeverity(Severity.P2).build();
    Incident incident = Incident.newBuilder().setId(incidentId).setGroupKey("{}:{alertname=\"HighLatency\"}")
        .setGroupLabels(Map.of("alertname", "HighLatency")).setTitle("HighLatency on bench")
        .setSeverity(Severity.P2).setStatus(IncidentStatus.TRIGGERED).setPublicStatus(PublicStatus.INVESTIGATING)
        .setOpenedAt(now).setUpdatedAt(now).setAlerts(List.of(alert)).setEventSeq(sequence).build();
    IncidentEvent event = IncidentEvent.newBuilder().setEventId(incidentId + ":" + sequence).setIncidentId(incidentId)
        .setSequence(sequence).setType(sequence == 1 ? IncidentEventType.OPENED : IncidentEventType.ALERT_ADDED)
        .setOccurredAt(now).setActor(Actor.newBuilder().build()).setMessage("p99 above 500 ms")
        .setSeverity(Severity.P2).setStatus(IncidentStatus.TRIGGERED).setPublicStatus(PublicStatus.INVESTIGATING)
        .setReceiver(receiver).build();
    return Notification.newBuilder().setNotificationId(id).setReceiver(receiver).setEvent(event).setIncident(incident)
        .setRequestedAt(now).build();
  }

  /** A webhook receiver answering 200 at once, noting when each notification id first arrived. */
  private static final class Stub implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, Instant> arrivals = new ConcurrentHashMap<>();
    private volatile String prefix = "";
    private volatile CountDownLatch expected = new CountDownLatch(0);

    private Stub(HttpServer server) {
      this.server = server;
    }

    static Stub start() throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      Stub stub = new Stub(server);
      server.createContext("/", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          String id = exchange.getRequestHeaders().getFirst(ID_HEADER);
          if (id != null && stub.arrivals.putIfAbsent(id, Instant.now()) == null && id.startsWith(stub.prefix)) {
            stub.expected.countDown();
          }
          exchange.sendResponseHeaders(200, -1);
        }
      });
      server.setExecutor(stub.threads);
      server.start();
      return stub;
    }

    CountDownLatch expect(String idPrefix, int count) {
      prefix = idPrefix;
      expected = new CountDownLatch(count);
      return expected;
    }

    String url() {
      return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
