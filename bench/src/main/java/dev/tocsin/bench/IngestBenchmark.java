package dev.tocsin.bench;

import dev.tocsin.ingest.IngestConfig;
import dev.tocsin.ingest.IngestService;
import dev.tocsin.schemas.TopicAdmin;
import dev.tocsin.schemas.Topics;
import dev.tocsin.standalone.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * Posts Alertmanager webhooks of 10 alerts at increasing concurrency to alert-ingest on a real
 * single-node broker (the standalone's embedded one) and prints accepted alerts per second and
 * request latency percentiles per level. Every 200 means Kafka acknowledged all 10 alerts.
 * Arguments: {@code [seconds per level=10] [levels=1,4,16,64]}.
 */
public final class IngestBenchmark {
  private static final int ALERTS_PER_REQUEST = 10;
  private static final String TOKEN = "bench-token";

  private IngestBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Duration perLevel = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    int[] levels = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 4, 16, 64};
    Path dataDir = Files.createTempDirectory("tocsin-bench");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, freePort(), freePort())) {
      Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
      try (Admin admin = Admin.create(client)) {
        TopicAdmin.ensureTopics(admin, 3, (short) 1);
      }
      Map<String, Object> settings = Map.of("http.port", "0", "http.host", "127.0.0.1", "ingest.tokens", TOKEN,
          "schema.registry.url", "mock://bench");
      try (IngestService ingest = IngestService.start(new IngestConfig(settings), client, Topics.create(settings),
          Clock.systemUTC())) {
        URI uri = URI.create("http://127.0.0.1:" + ingest.port() + "/api/v1/alerts/alertmanager");
        System.out.printf(Locale.ROOT, "ingest on a single-node broker, %d alerts per request, %d s per level, "
            + "%d cores%n", ALERTS_PER_REQUEST, perLevel.toSeconds(), Runtime.getRuntime().availableProcessors());
        run(uri, 4, Duration.ofSeconds(3)); // warm-up: JIT, producer metadata, registry
        System.out.println("concurrency  requests  alerts/s  p50 ms  p99 ms  non-200");
        for (int level : levels) {
          Result r = run(uri, level, perLevel);
          System.out.printf(Locale.ROOT, "%11d  %8d  %8.0f  %6.2f  %6.2f  %7d%n", level, r.requests,
              r.requests * ALERTS_PER_REQUEST / (r.elapsedNanos / 1e9), r.percentileMillis(0.50),
              r.percentileMillis(0.99), r.failures);
        }
      }
    }
  }

  private record Result(int requests, long failures, long elapsedNanos, long[] latencies) {
    double percentileMillis(double p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)] / 1e6;
    }
  }

  private static Result run(URI uri, int concurrency, Duration duration) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    AtomicLong failures = new AtomicLong();
    AtomicLong sequence = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      futures.add(workers.submit(() -> {
        List<Long> latencies = new ArrayList<>();
        while (System.nanoTime() < end) {
          HttpRequest request = HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + TOKEN)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(payload(sequence.incrementAndGet())))
              .build();
          long t0 = System.nanoTime();
          HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
          long t1 = System.nanoTime();
          if (response.statusCode() == 200) {
            latencies.add(t1 - t0);
          } else {
            failures.incrementAndGet();
          }
        }
        return latencies;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    long elapsed = System.nanoTime() - start;
    workers.shutdown();
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(sorted.length, failures.get(), elapsed, sorted);
  }

  /** An Alertmanager v4 message of 10 firing alerts of one group; instance names vary per request. */
  static String payload(long n) {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < ALERTS_PER_REQUEST; i++) {
      if (i > 0) {
        alerts.append(',');
      }
      alerts.append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"service\":\"bench\","
          + "\"instance\":\"bench-").append(n).append('-').append(i).append("\",\"severity\":\"warning\"},"
          + "\"annotations\":{\"summary\":\"p99 above 500 ms\"},\"startsAt\":\"2026-11-22T10:53:03.656Z\","
          + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus/graph\"}");
    }
    return "{\"receiver\":\"tocsin\",\"status\":\"firing\",\"alerts\":[" + alerts + "],\"groupLabels\":{},"
        + "\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager\",\"version\":\"4\","
        + "\"groupKey\":\"{}:{alertname=\\\"HighLatency\\\"}\",\"truncatedAlerts\":0}";
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
