package dev.tocsin.bench;

import dev.tocsin.api.IncidentApiConfig;
import dev.tocsin.api.IncidentApiService;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.IncidentStreamsConfig;
import dev.tocsin.incidents.IncidentStreamsService;
import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.Topics;
import dev.tocsin.standalone.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The incident API with N incidents loaded (each with a timeline of 6 events, written straight to
 * the incidents and timeline topics of an embedded broker, as the engine would have): how long the
 * read model takes to load them, list and get requests per second with their p50/p99 from
 * concurrent clients over real HTTP, and create → visible latency (the engine running, each create
 * answered 201 once the read model shows the new incident). Arguments:
 * {@code [incidents=100000] [seconds=15] [clients=4]}.
 */
public final class IncidentApiBenchmark {
  private static final String KEY = "bench-key";
  private static final String[] WORDS = {"disk", "latency", "errors", "saturation", "timeouts", "memory"};

  private IncidentApiBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int incidents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path dir = Files.createTempDirectory("tocsin-api-bench");
    Path config = dir.resolve("tocsin.yml");
    Files.writeString(config, """
        route:
          receiver: default
          group_by: [alertname, service]
          group_wait: 0s
        status_page:
          title: Benchmark status
          components:
            - {id: svc-0, name: Service 0, services: [svc-0, svc-1, svc-2]}
            - {id: svc-3, name: Service 3, services: [svc-3, svc-4]}
            - {id: svc-5, name: Service 5, group: Edge, services: [svc-5]}
            - {id: svc-6, name: Service 6, group: Edge, services: [svc-6, svc-7, svc-8, svc-9]}
        """);
    System.out.printf(Locale.ROOT, "incident API: %d incidents with 6 timeline events each, %d clients, %d s per "
        + "phase, %d cores, Java %s%n", incidents, clients, seconds, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), freePort(), freePort())) {
      Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        TopicAdmin.ensureTopics(admin, 3, (short) 1);
      }
      Map<String, Object> settings = new HashMap<>();
      settings.put("bootstrap.servers", kafka.bootstrapServers());
      settings.put("schema.registry.url", "mock://api-bench");
      settings.put("streams.state.dir", dir.resolve("engine").toString());
      settings.put("incidents.config.file", config.toString());
      settings.put(IncidentApiConfig.STATE_DIR_CONFIG, dir.resolve("api").toString());
      settings.put(IncidentApiConfig.KEYS_CONFIG, "bench:" + KEY);
      settings.put(IncidentApiConfig.CONFIG_FILE_CONFIG, config.toString());
      settings.put("ingest.tokens", "unused");
      settings.put("http.port", "0");
      Topics topics = Topics.create(settings);

      long loadStart = System.nanoTime();
      load(kafka.bootstrapServers(), topics, incidents);
      System.out.printf(Locale.ROOT, "wrote %d incidents and %d events in %.1f s%n", incidents, incidents * 6L,
          (System.nanoTime() - loadStart) / 1e9);

      try (IncidentStreamsService engine = IncidentStreamsService.start(new IncidentStreamsConfig(settings), client,
          topics, settings)) {
        long start = System.nanoTime();
        try (IncidentApiService api = IncidentApiService.start(new IncidentApiConfig(settings), client, topics,
            Clock.systemUTC());
            IngestService http = IngestService.start(new IngestConfig(settings), client, topics, Clock.systemUTC(),
                api.handler())) {
          while (!api.ready() || api.incidents() < incidents) {
            Thread.sleep(20);
          }
          System.out.printf(Locale.ROOT, "read model loaded %d incidents in %.1f s; heap used %.0f MiB%n",
              api.incidents(), (System.nanoTime() - start) / 1e9, usedHeapMiB());
          while (!engine.running()) {
            Thread.sleep(50);
          }
          String base = "http://localhost:" + http.port();
          HttpClient httpClient = HttpClient.newHttpClient();
          measure("warm-up (excluded)", httpClient, clients, Math.max(3, seconds / 3), i -> listUri(base, i));
          measure("list (mixed filters, 50 per page)", httpClient, clients, seconds, i -> listUri(base, i));
          measure("get one incident", httpClient, clients, seconds,
              i -> URI.create(base + "/api/v1/incidents/" + id(ThreadLocalRandom.current().nextInt(incidents))));
          measure("get one timeline", httpClient, clients, seconds, i -> URI.create(base + "/api/v1/incidents/"
              + id(ThreadLocalRandom.current().nextInt(incidents)) + "/timeline"));
          measure("public status page (HTML)", httpClient, clients, seconds, i -> URI.create(base + "/status"));
          measure("/api/v2/summary.json", httpClient, clients, seconds,
              i -> URI.create(base + "/api/v2/summary.json"));
          createToVisible(httpClient, base, 200);
        }
      }
    } finally {
      BenchFiles.deleteTree(dir);
    }
  }

  private static URI listUri(String base, int i) {
    String query = switch (i % 5) {
      case 0 -> "limit=50";
      case 1 -> "status=open&severity=high&limit=50";
      case 2 -> "service=svc-" + ThreadLocalRandom.current().nextInt(500) + "&limit=50";
      case 3 -> "q=" + WORDS[ThreadLocalRandom.current().nextInt(WORDS.length)] + "&limit=50";
      default -> "status=resolved&since=2026-01-01T00:00:00Z&limit=50";
    };
    return URI.create(base + "/api/v1/incidents?" + query);
  }

  /** Runs {@code clients} closed-loop clients for {@code seconds} and prints requests/s, p50 and p99. */
  private static void measure(String name, HttpClient http, int clients, int seconds, IntFunction<URI> uris)
      throws InterruptedException {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread thread = new Thread(() -> {
        int i = 0;
        while (System.nanoTime() < end) {
          HttpRequest request = HttpRequest.newBuilder(uris.apply(i++)).header("Authorization", "Bearer " + KEY)
              .build();
          long t0 = System.nanoTime();
          try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
              latencies.add(System.nanoTime() - t0);
            } else {
              failures.incrementAndGet();
            }
          } catch (IOException e) {
            failures.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, "api-bench-client-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    print(name, latencies, seconds, failures.get());
  }

  private static void createToVisible(HttpClient http, String base, int creates) throws Exception {
    List<Long> latencies = new ArrayList<>();
    int failures = 0;
    for (int i = 0; i < creates; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents"))
          .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"bench create " + i + "\", \"severity\": \"P2\"}"))
          .build();
      long t0 = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 201) {
        latencies.add(System.nanoTime() - t0);
      } else {
        failures++;
      }
      Thread.sleep(50);
    }
    Collections.sort(latencies);
    System.out.printf(Locale.ROOT, "%-36s %5d creates, p50 %7.1f ms, p99 %7.1f ms, not 201: %d%n",
        "create -> visible (201), 20/s", latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99),
        failures);
  }

  private static void print(String name, List<Long> latencies, int seconds, int failures) {
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(Locale.ROOT, "%-36s %8.0f req/s, p50 %6.2f ms, p99 %6.2f ms, failed: %d%n", name,
        sorted.size() / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), failures);
  }

  private static double percentile(List<Long> sortedNanos, double p) {
    if (sortedNanos.isEmpty()) {
      return Double.NaN;
    }
    int index = Math.min(sortedNanos.size() - 1, (int) Math.ceil(p * sortedNanos.size()) - 1);
    return sortedNanos.get(Math.max(0, index)) / 1e6;
  }

  /** Writes the incidents and their timelines as the engine would: snapshots keyed by id, events keyed by id. */
  private static void load(String bootstrap, Topics topics, int incidents) {
    Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Instant base = Instant.now().minus(Duration.ofDays(60));
    try (KafkaProducer<String, Incident> snapshots = new KafkaProducer<>(producerConfig, new StringSerializer(),
        topics.incidents().valueSerde().serializer());
        KafkaProducer<String, IncidentEvent> events = new KafkaProducer<>(producerConfig, new StringSerializer(),
            topics.incidentEvents().valueSerde().serializer())) {
      for (int i = 0; i < incidents; i++) {
        String id = id(i);
        Instant opened = base.plusSeconds(i * 50L);
        boolean resolved = i < incidents * 0.9;
        Severity severity = Severity.values()[i % 4];
        String service = "svc-" + (i % 500);
        IncidentAlert alert = IncidentAlert.newBuilder().setFingerprint(String.format(Locale.ROOT, "%016x", i))
            .setStatus(resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING)
            .setLabels(Map.of("alertname", "Bench" + (i % 20), "service", service, "severity", "warning"))
            .setAnnotations(Map.of("summary", "benchmark incident " + i)).setStartsAt(opened.minusSeconds(30))
            .setEndsAt(resolved ? opened.plusSeconds(900) : null).setSeverity(severity).build();
        Incident incident = Incident.newBuilder().setId(id).setGroupKey("{}:{alertname=\"Bench" + (i % 20)
                + "\", service=\"" + service + "\"}#" + i)
            .setGroupLabels(Map.of("alertname", "Bench" + (i % 20), "service", service))
            .setTitle(WORDS[i % WORDS.length] + " on " + service).setSeverity(severity)
            .setStatus(resolved ? IncidentStatus.RESOLVED : IncidentStatus.TRIGGERED)
            .setPublicStatus(resolved ? PublicStatus.RESOLVED : PublicStatus.INVESTIGATING)
            .setOpenedAt(opened).setAcknowledgedAt(resolved ? opened.plusSeconds(120) : null)
            .setResolvedAt(resolved ? opened.plusSeconds(1200) : null)
            .setUpdatedAt(resolved ? opened.plusSeconds(1200) : opened).setAlerts(List.of(alert)).setEventSeq(6)
            .build();
        snapshots.send(new ProducerRecord<>(topics.incidents().name(), id, incident));
        IncidentEventType[] types = {IncidentEventType.OPENED, IncidentEventType.NOTIFIED,
            IncidentEventType.ACKNOWLEDGED, IncidentEventType.UPDATE_POSTED, IncidentEventType.RESOLVED,
            IncidentEventType.NOTIFIED};
        for (int k = 0; k < types.length; k++) {
          events.send(new ProducerRecord<>(topics.incidentEvents().name(), id, IncidentEvent.newBuilder()
              .setEventId(id + ":" + (k + 1)).setIncidentId(id).setSequence(k + 1).setType(types[k])
              .setOccurredAt(opened.plusSeconds(k * 200L)).setActor(new Actor("system", "incident-streams", null))
              .setMessage("benchmark event " + (k + 1)).setSeverity(severity).setStatus(incident.getStatus())
              .setPublicStatus(incident.getPublicStatus()).build()));
        }
      }
    }
  }

  private static String id(int i) {
    // Ids as the engine mints them (INC- and 8 Crockford base32 digits), distinct per i.
    String digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    char[] id = new char[8];
    long v = i;
    for (int k = 7; k >= 0; k--) {
      id[k] = digits.charAt((int) (v & 31));
      v >>>= 5;
    }
    return "INC-" + new String(id);
  }

  private static double usedHeapMiB() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
