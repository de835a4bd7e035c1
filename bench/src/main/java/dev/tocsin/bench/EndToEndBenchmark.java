package dev.tocsin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs the real Prometheus Alertmanager and then the Tocsin standalone, each as a child process
 * and never both at once, on the same load of unique alerts (each alert its own group, so its own
 * Alertmanager notification and its own Tocsin incident), and prints one table comparing them:
 * alerts accepted per second, notifications arriving at a local webhook sink per second, the
 * latency from posting an alert to its notification reaching the sink, POST latency, the CPU the
 * system's process used (in cores) and its resident memory.
 *
 * <p>Both systems get {@code group_wait: 0s}, long {@code group_interval} and
 * {@code repeat_interval}, {@code group_by: [alertname, id]} and one webhook receiver; both are
 * posted the same JSON array of Alertmanager API v2 alerts (Alertmanager on
 * {@code /api/v2/alerts}, Tocsin on its generic {@code /api/v1/alerts}, which takes that shape).
 * Phases, in the order of {@code phases}: {@code idle} (no load), {@code low} (a paced rate, one
 * alert per request), {@code storm1} and {@code storm10} (closed-loop clients posting 1 or 10
 * alerts per request). Low load runs before the storms by default because a storm's notification
 * backlog can outlast any drain timeout and would then be measured as part of the next phase.
 * Each system first gets a warm-up storm (its own alert ids, excluded): Tocsin's JIT needs it, and
 * so do the benchmark's own client and sink, which would otherwise run cold during Alertmanager's
 * phases. For Tocsin the notification latency is also split at the engine's decision
 * ({@code requestedAt} in its webhook payload; the same machine's wall clock, millisecond
 * precision). Arguments are {@code key=value}; run with {@code help} for the list. Not
 * thread-safe; one run per JVM.
 */
public final class EndToEndBenchmark {
  private static final String TOKEN = "e2e-bench-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  /** Converts {@link System#nanoTime()} to nanoseconds since the epoch, to compare with Tocsin's timestamps. */
  private static final long EPOCH_OFFSET_NANOS = epochOffsetNanos();
  /** Children still running, stopped by the shutdown hook if the benchmark itself is interrupted. */
  private static final Set<Child> LIVE = ConcurrentHashMap.newKeySet();

  private EndToEndBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("EndToEndBenchmark: " + e.getMessage());
      System.err.println(Settings.USAGE);
      System.exit(2);
      return;
    }
    if (settings == null) {
      System.out.println(Settings.USAGE);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Child::close), "e2e-bench-stop-children"));
    try {
      run(settings);
    } catch (IllegalStateException e) {
      System.err.println("EndToEndBenchmark failed: " + e.getMessage());
      System.exit(1);
    }
  }

  private static long epochOffsetNanos() {
    Instant wall = Instant.now();
    long mono = System.nanoTime();
    return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - mono;
  }

  private static void run(Settings settings) throws Exception {
    System.out.println(Machine.describe());
    System.out.println("command: " + ProcessHandle.current().info().commandLine().orElse(
        "java ... " + EndToEndBenchmark.class.getName() + " " + String.join(" ", settings.raw())));
    System.out.printf(Locale.ROOT, "load: unique alerts (labels alertname, id, service, severity=warning), each its "
            + "own group; %d clients; warm-up %d s; idle %d s; low load %d/s for %d s; storm %d s; drain timeout %d s; "
            + "phases %s%n", settings.clients(), settings.warmupSeconds(), settings.idleSeconds(), settings.lowRate(),
        settings.lowSeconds(), settings.stormSeconds(), settings.drainSeconds(), String.join(",", settings.phases()));

    Map<String, Map<String, PhaseResult>> results = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (SystemKind kind : List.of(SystemKind.ALERTMANAGER, SystemKind.TOCSIN)) {
      String system = kind == SystemKind.ALERTMANAGER ? "alertmanager" : "tocsin";
      results.put(system, settings.systems().contains(system) ? measure(settings, kind, notes) : Map.of());
    }
    System.out.println();
    Table.print(settings, results.get("alertmanager"), results.get("tocsin"));
    notes.forEach(System.out::println);
  }

  /** Starts one system, runs every phase on it, stops it and removes its files. */
  private static Map<String, PhaseResult> measure(Settings settings, SystemKind kind, List<String> notes)
      throws Exception {
    String name = kind.label;
    System.out.println();
    System.out.println(name + ": load average before start (1, 5, 15 min, as uptime shows it): "
        + Machine.loadAverage());
    Map<String, PhaseResult> results = new LinkedHashMap<>();
    try (Sink sink = Sink.start(kind.sinkPath, kind.notifiedIds);
         Child child = kind == SystemKind.ALERTMANAGER
             ? start("alertmanager", EndToEndBenchmark::startAlertmanager, settings, sink)
             : start("tocsin", EndToEndBenchmark::startTocsin, settings, sink)) {
      System.out.println(name + ": " + String.join(" ", child.command()));
      long started = System.nanoTime();
      for (URI ready : child.readiness()) {
        child.await("readiness of " + ready, START_TIMEOUT, () -> Http.status(ready) == 200);
      }
      System.out.printf(Locale.ROOT, "%s: ready in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
      Poster poster = new Poster(child.alertsUri(), kind == SystemKind.TOCSIN ? "Bearer " + TOKEN : null);

      long probeStart = System.nanoTime();
      String probe = "probe-" + name;
      if (poster.post(List.of(probe), Instant.now()) != 200) {
        throw new IllegalStateException(name + " refused the probe alert");
      }
      child.await("the probe alert's notification", PROBE_TIMEOUT, () -> sink.arrivals.containsKey(probe));
      System.out.printf(Locale.ROOT, "%s: probe alert notified after %.0f ms%n", name,
          (sink.arrivals.get(probe) - probeStart) / 1e6);

      if (settings.warmupSeconds() > 0) {
        PhaseResult warm = Phase.run(settings, child, sink, poster, "warm-up", "w",
            p -> p.storm(settings.clients(), 1, Duration.ofSeconds(settings.warmupSeconds()), "w"));
        System.out.println(name + ": " + warm.summary() + " (warm-up, excluded)");
      }
      for (String phase : settings.phases()) {
        PhaseResult r = switch (phase) {
          case "idle" -> Phase.run(settings, child, sink, poster, Table.IDLE, "i", p -> p.idle(
              Duration.ofSeconds(settings.idleSeconds())));
          case "low" -> Phase.run(settings, child, sink, poster, Table.LOW, "l",
              p -> p.paced(settings.lowRate(), Duration.ofSeconds(settings.lowSeconds()), "l"));
          case "storm1" -> Phase.run(settings, child, sink, poster, Table.STORM_1, "s1",
              p -> p.storm(settings.clients(), 1, Duration.ofSeconds(settings.stormSeconds()), "s1"));
          case "storm10" -> Phase.run(settings, child, sink, poster, Table.STORM_10, "s10",
              p -> p.storm(settings.clients(), 10, Duration.ofSeconds(settings.stormSeconds()), "s10"));
          default -> throw new IllegalStateException("unknown phase " + phase);
        };
        System.out.println(name + ": " + r.summary());
        results.put(phase, r);
      }
      notes.add(String.format(Locale.ROOT, "%s: %d duplicate and %d other notifications at the sink", name,
          sink.duplicates.get(), sink.others.get()));
      try {
        notes.add(String.format(Locale.ROOT, "%s: its log: %d lines, %d of them warnings or errors", name,
            child.logLines(line -> true), child.logLines(kind.problem)));
        child.commonestLines(kind.problem, 6).forEach(line -> notes.add("  " + line));
      } catch (IOException e) {
        notes.add(name + ": cannot read its log: " + e);
      }
      notes.add(name + ": load average after its phases: " + Machine.loadAverage());
    }
    return results;
  }

  /** What a system is started with: its temporary directory, deleted again if the start fails. */
  private interface Starter {
    Child start(Settings settings, Sink sink, Path dir) throws IOException;
  }

  private static Child start(String name, Starter starter, Settings settings, Sink sink) throws IOException {
    Path dir = Files.createTempDirectory("tocsin-e2e-" + name + "-");
    try {
      return starter.start(settings, sink, dir);
    } catch (IOException | RuntimeException e) {
      BenchFiles.deleteTree(dir);
      throw e;
    }
  }

  /** The same routing for both systems: every alert its own group, notified at once, never repeated. */
  private static String routeTo(Sink sink) {
    return """
        route:
          receiver: sink
          group_by: [alertname, id]
          group_wait: 0s
          group_interval: 1h
          repeat_interval: 24h
        receivers:
          - name: sink
            webhook_configs:
              - url: %s
                send_resolved: false
        """.formatted(sink.url());
  }

  private static Child startAlertmanager(Settings settings, Sink sink, Path dir) throws IOException {
    int port = Ports.free("Alertmanager web");
    Path config = Files.writeString(dir.resolve("alertmanager.yml"), routeTo(sink), StandardCharsets.UTF_8);
    List<String> command = List.of(settings.alertmanager().toString(), "--config.file=" + config,
        "--storage.path=" + Files.createDirectories(dir.resolve("data")),
        "--web.listen-address=127.0.0.1:" + port,
        // Empty disables clustering: no gossip port, and no wait for peers before the first flush.
        "--cluster.listen-address=", "--log.level=info");
    String base = "http://127.0.0.1:" + port;
    return Child.start("alertmanager", command, Map.of(), dir, URI.create(base + "/api/v2/alerts"),
        List.of(URI.create(base + "/-/ready")));
  }

  private static Child startTocsin(Settings settings, Sink sink, Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("tocsin.yml"), routeTo(sink), StandardCharsets.UTF_8);
    int ingest = Ports.free("Tocsin ingest (http.port)");
    int engine = Ports.free("Tocsin engine (streams.http.port)");
    int notifier = Ports.free("Tocsin notifier (notifier.http.port)");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(settings.jvmOptions());
    command.addAll(List.of("-jar",
        settings.jar().toString(), "data.dir=" + dir.resolve("data"), "config.file=" + config,
        "http.host=127.0.0.1", "http.port=" + ingest,
        "streams.http.host=127.0.0.1", "streams.http.port=" + engine,
        "notifier.http.host=127.0.0.1", "notifier.http.port=" + notifier,
        "registry.port=" + Ports.free("Tocsin schema registry (registry.port)"),
        "embedded.kafka.port=" + Ports.free("Tocsin embedded Kafka (embedded.kafka.port)"),
        "embedded.controller.port=" + Ports.free("Tocsin embedded controller (embedded.controller.port)")));
    command.addAll(settings.tocsinSettings());
    return Child.start("tocsin", command, Map.of("TOCSIN_INGEST_TOKENS", TOKEN), dir,
        URI.create("http://127.0.0.1:" + ingest + "/api/v1/alerts"),
        Stream.of(ingest, engine, notifier).map(p -> URI.create("http://127.0.0.1:" + p + "/health/ready")).toList());
  }

  /** The two systems: where their sink listens and how a notification names the alerts it is about. */
  private enum SystemKind {
    ALERTMANAGER("alertmanager", "/alertmanager", body -> {
      List<Notified> ids = new ArrayList<>();
      for (JsonNode alert : body.path("alerts")) {
        if ("firing".equals(alert.path("status").asText())) {
          ids.add(new Notified(alert.path("labels").path("id").asText(), -1));
        }
      }
      return ids;
    }, line -> line.contains("level=warn") || line.contains("level=error")),
    TOCSIN("tocsin", "/tocsin", body -> "OPENED".equals(body.path("event").path("type").asText())
        ? List.of(new Notified(body.path("incident").path("groupLabels").path("id").asText(),
            Instant.parse(body.path("requestedAt").asText()).toEpochMilli()))
        : List.of(),
        line -> line.contains(" WARN ") || line.contains(" ERROR "));

    final String label;
    final String sinkPath;
    final Function<JsonNode, List<Notified>> notifiedIds;
    final Predicate<String> problem;

    SystemKind(String label, String sinkPath, Function<JsonNode, List<Notified>> notifiedIds,
        Predicate<String> problem) {
      this.label = label;
      this.sinkPath = sinkPath;
      this.notifiedIds = notifiedIds;
      this.problem = problem;
    }
  }

  /** An alert a notification is about, and when the system decided to notify (epoch millis), or -1 if unknown. */
  private record Notified(String id, long decidedAtMillis) {
  }

  /** The benchmark's arguments, validated; {@link #parse} returns null when help was asked for. */
  private record Settings(int stormSeconds, int warmupSeconds, int idleSeconds, int lowSeconds, int lowRate, int clients,
      int drainSeconds, List<String> phases, List<String> systems, Path alertmanager, Path jar, List<String> jvmOptions,
      List<String> tocsinSettings, List<String> raw) {
    static final String USAGE = """
        usage: java -cp bench/target/tocsin-bench.jar dev.tocsin.bench.EndToEndBenchmark [key=value ...]
          storm.seconds=20    length of each storm phase
          warmup.seconds=10   each system's warm-up storm before the phases (1 alert per request; excluded)
          idle.seconds=5      length of the idle phase (no load: CPU at rest)
          low.seconds=15      length of the low-load phase
          low.rate=20         alerts per second in the low-load phase, one per request, paced
          clients=4           concurrent clients in the storms
          drain.seconds=60    how long after a phase's last post its notifications are awaited
          phases=idle,low,storm1,storm10   which phases, in this order
          systems=alertmanager,tocsin      which systems (one alone: its column only, e.g. to profile it)
          alertmanager=/usr/bin/prometheus-alertmanager
          jar=standalone/target/tocsin-standalone.jar
          jvm=                JVM options for the standalone, space-separated (e.g. jvm=-Xmx512m)
          tocsin=             more standalone settings, space-separated key=value (e.g.
                              tocsin=kafka.main.consumer.fetch.max.wait.ms=50)""";
    private static final Set<String> PHASES = Set.of("idle", "low", "storm1", "storm10");

    static Settings parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (String arg : args) {
        if (arg.equals("help") || arg.equals("--help") || arg.equals("-h")) {
          return null;
        }
        int eq = arg.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("arguments are key=value; got '" + arg + "'");
        }
        given.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
      Map<String, String> left = new HashMap<>(given);
      Settings s = new Settings(positive(left, "storm.seconds", 20, 1), positive(left, "warmup.seconds", 10, 0),
          positive(left, "idle.seconds", 5, 1), positive(left, "low.seconds", 15, 1),
          positive(left, "low.rate", 20, 1), positive(left, "clients", 4, 1),
          positive(left, "drain.seconds", 60, 1),
          List.of(left.getOrDefault("phases", "idle,low,storm1,storm10").split(",")),
          List.of(left.getOrDefault("systems", "alertmanager,tocsin").split(",")),
          Path.of(left.getOrDefault("alertmanager", "/usr/bin/prometheus-alertmanager")),
          Path.of(left.getOrDefault("jar", "standalone/target/tocsin-standalone.jar")).toAbsolutePath(),
          List.of(left.getOrDefault("jvm", "").trim().split("\\s+")).stream().filter(o -> !o.isEmpty()).toList(),
          List.of(left.getOrDefault("tocsin", "").trim().split("\\s+")).stream().filter(o -> !o.isEmpty()).toList(),
          List.of(args));
      left.keySet().removeAll(Set.of("phases", "systems", "alertmanager", "jar", "jvm", "tocsin"));
      List<String> problems = new ArrayList<>();
      left.keySet().forEach(k -> problems.add(k + ": unknown key"));
      s.phases().stream().filter(p -> !PHASES.contains(p))
          .forEach(p -> problems.add("phases: unknown phase '" + p + "' (idle, low, storm1, storm10)"));
      s.systems().stream().filter(x -> !x.equals("alertmanager") && !x.equals("tocsin"))
          .forEach(x -> problems.add("systems: unknown system '" + x + "' (alertmanager, tocsin)"));
      if (s.systems().contains("alertmanager") && !Files.isExecutable(s.alertmanager())) {
        problems.add("alertmanager: " + s.alertmanager() + " is not an executable file; install Alertmanager "
            + "(Debian: apt-get install prometheus-alertmanager) or give its path");
      }
      if (!Files.isDirectory(Path.of("/proc/self"))) {
        problems.add("CPU time and memory are read from /proc, which this machine lacks (Linux only)");
      }
      if (!Files.isRegularFile(s.jar())) {
        problems.add("jar: " + s.jar() + " does not exist; build it with ./mvnw -B -DskipTests package from the "
            + "repository root (or give its path)");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return s;
    }

    /** Removes {@code key} from {@code left} and returns its value, at least {@code min}. */
    private static int positive(Map<String, String> left, String key, int fallback, int min) {
      String text = left.remove(key);
      if (text == null) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text.strip());
        if (value >= min) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with the key
      }
      throw new IllegalArgumentException(key + ": must be a whole number of at least " + min + ", got '" + text + "'");
    }
  }

  /** One system under test as a child process: its command, log, files, CPU time and memory. */
  private static final class Child implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path dir;
    private final Path log;
    private final Process process;
    private final URI alertsUri;
    private final List<URI> readiness;

    private Child(String name, List<String> command, Path dir, Path log, Process process, URI alertsUri,
        List<URI> readiness) {
      this.name = name;
      this.command = command;
      this.dir = dir;
      this.log = log;
      this.process = process;
      this.alertsUri = alertsUri;
      this.readiness = readiness;
    }

    /** Starts {@code command} in {@code dir} with no inherited TOCSIN_* settings, logging to a file there. */
    static Child start(String name, List<String> command, Map<String, String> env, Path dir, URI alertsUri,
        List<URI> readiness) throws IOException {
      Path log = dir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("TOCSIN_"));
      builder.environment().putAll(env);
      Child child = new Child(name, command, dir, log, builder.start(), alertsUri, readiness);
      LIVE.add(child);
      return child;
    }

    List<String> command() {
      return command;
    }

    URI alertsUri() {
      return alertsUri;
    }

    List<URI> readiness() {
      return readiness;
    }

    /** Waits for {@code done}, failing with the log's tail if the process exits or the timeout passes. */
    void await(String what, Duration timeout, Check done) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        try {
          if (done.holds()) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        checkAlive(what);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": no " + what + " within " + timeout.toSeconds() + " s; last lines "
              + "of " + log + ":\n" + tail(40));
        }
        Thread.sleep(100);
      }
    }

    void checkAlive(String during) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue() + " while waiting for "
            + during + "; last lines of " + log + ":\n" + tail(40));
      }
    }

    /** CPU seconds (user + system) the process and its descendants have used so far. */
    double cpuSeconds() {
      return Stream.concat(Stream.of(process.toHandle()), process.descendants())
          .mapToDouble(p -> Proc.cpuSeconds(p.pid())).sum();
    }

    long rssKiB() {
      return Proc.rssKiB(process.pid());
    }

    /** Lines of the log that match (read as ISO-8859-1, which no byte sequence can make malformed). */
    long logLines(Predicate<String> which) throws IOException {
      try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
        return lines.filter(which).count();
      }
    }

    /**
     * The {@code limit} commonest kinds of matching lines, commonest first, each as its count and
     * its first line (shortened, without its time stamp). Lines are of one kind when they differ
     * only in digits and ids, e.g. the same warning from another partition or thread.
     */
    List<String> commonestLines(Predicate<String> which, int limit) throws IOException {
      Map<String, long[]> counts = new LinkedHashMap<>();
      Map<String, String> first = new HashMap<>();
      try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
        lines.filter(which).map(l -> l.replaceFirst("^\\S*\\d\\d:\\d\\d:\\d\\d\\S*\\s+", "")).forEach(l -> {
          String kind = l.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\d+", "N");
          counts.computeIfAbsent(kind, k -> new long[1])[0]++;
          first.putIfAbsent(kind, l.length() > 200 ? l.substring(0, 200) + "..." : l);
        });
      }
      return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(limit)
          .map(e -> e.getValue()[0] + "x " + first.get(e.getKey())).toList();
    }

    private String tail(int lines) {
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException | UncheckedIOException e) {
        return "(cannot read the log: " + e + ")";
      }
    }

    /** SIGTERM, then SIGKILL after a grace period; then its files go. Idempotent. */
    @Override
    public void close() {
      try {
        if (process.isAlive()) {
          process.destroy();
          if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            System.err.println(name + " did not stop within " + STOP_GRACE.toSeconds() + " s of SIGTERM; killing it");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      } finally {
        LIVE.remove(this);
        BenchFiles.deleteTree(dir);
      }
    }
  }

  /** A condition polled while waiting; an IOException counts as "not yet". */
  @FunctionalInterface
  private interface Check {
    boolean holds() throws IOException, InterruptedException;
  }

  /**
   * The webhook receiver (Jetty, a few threads): answers 200 at once and notes, per alert id, when
   * its first notification arrived (monotonic nanos); thread-safe. Idle connections stay open far
   * longer than a run: a server closing them while the sender still pools them makes the sender's
   * next request on one fail (Alertmanager's Go client keeps up to 1000 idle connections per host,
   * the JDK's HttpServer at most 200), and the retry would count against the system measured.
   */
  private static final class Sink implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final String path;
    final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    /** When the system decided to notify, for systems that say so (epoch millis). */
    final Map<String, Long> decidedAtMillis = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong others = new AtomicLong();

    private Sink(Server server, ServerConnector connector, String path) {
      this.server = server;
      this.connector = connector;
      this.path = path;
    }

    static Sink start(String path, Function<JsonNode, List<Notified>> notifiedIds) throws Exception {
      QueuedThreadPool threads = new QueuedThreadPool(8, 2);
      threads.setName("e2e-sink");
      Server server = new Server(threads);
      ServerConnector connector = new ServerConnector(server, 1, 1);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      connector.setIdleTimeout(Duration.ofMinutes(30).toMillis());
      server.addConnector(connector);
      Sink sink = new Sink(server, connector, path);
      server.setHandler(new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
          long arrived = System.nanoTime();
          // A blocking handler runs on a pool thread, so reading the (small) body blocks no selector.
          byte[] body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
          if (path.equals(Request.getPathInContext(request))) {
            sink.record(notifiedIds, body, arrived);
          } else {
            sink.others.incrementAndGet();
          }
          response.setStatus(HttpStatus.OK_200);
          callback.succeeded();
          return true;
        }
      });
      server.start();
      return sink;
    }

    private void record(Function<JsonNode, List<Notified>> notifiedIds, byte[] body, long arrived) {
      List<Notified> ids;
      try {
        ids = notifiedIds.apply(JSON.readTree(body));
      } catch (IOException | RuntimeException e) {
        ids = List.of(); // not the expected JSON: counted with the other notifications
      }
      if (ids.isEmpty()) {
        others.incrementAndGet();
      }
      for (Notified n : ids) {
        if (arrivals.putIfAbsent(n.id(), arrived) != null) {
          duplicates.incrementAndGet();
        } else if (n.decidedAtMillis() >= 0) {
          decidedAtMillis.put(n.id(), n.decidedAtMillis());
        }
      }
    }

    String url() {
      return "http://127.0.0.1:" + connector.getLocalPort() + path;
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        System.err.println("cannot stop the webhook sink: " + e);
      }
    }
  }

  /** Alerts accepted in one phase: when each was posted, and the requests' latencies. */
  private record Posted(Map<String, Long> postedNanos, long[] requestNanos, long accepted, long refused,
      long elapsedNanos) {
  }

  /** Posts JSON arrays of Alertmanager API v2 alerts over HTTP/1.1 keep-alive connections. */
  private static final class Poster {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String authorization;

    Poster(URI uri, String authorization) {
      this.uri = uri;
      this.authorization = authorization;
    }

    int post(List<String> ids, Instant startsAt) throws IOException, InterruptedException {
      return http.send(request(ids, startsAt), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code clients} closed-loop clients, each posting {@code perRequest} new alerts per request until time is up. */
    Posted storm(int clients, int perRequest, Duration duration, String prefix) throws Exception {
      ExecutorService workers = Executors.newFixedThreadPool(clients);
      Map<String, Long> posted = new ConcurrentHashMap<>();
      AtomicInteger sequence = new AtomicInteger();
      AtomicLong refused = new AtomicLong();
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(workers.submit(() -> {
          List<Long> latencies = new ArrayList<>();
          while (System.nanoTime() < end) {
            List<String> ids = new ArrayList<>(perRequest);
            for (int i = 0; i < perRequest; i++) {
              ids.add(prefix + "-" + sequence.incrementAndGet());
            }
            HttpRequest request = request(ids, Instant.now());
            long t0 = System.nanoTime();
            int status;
            try {
              status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
              status = -1;
            }
            long t1 = System.nanoTime();
            if (status == 200) {
              latencies.add(t1 - t0);
              ids.forEach(id -> posted.put(id, t0));
            } else {
              refused.addAndGet(ids.size());
            }
          }
          return latencies;
        }));
      }
      workers.shutdown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(duration.plus(REQUEST_TIMEOUT).plusSeconds(10).toSeconds(), TimeUnit.SECONDS));
      }
      long elapsed = System.nanoTime() - start;
      return new Posted(posted, all.stream().mapToLong(Long::longValue).sorted().toArray(), posted.size(),
          refused.get(), elapsed);
    }

    /** Posts nothing for {@code duration}. */
    Posted idle(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis());
      return new Posted(Map.of(), new long[0], 0, 0, duration.toNanos());
    }

    /** One alert per request at {@code rate} a second on a fixed schedule, whatever the answers take (open loop). */
    Posted paced(int rate, Duration duration, String prefix) throws Exception {
      Map<String, Long> posted = new ConcurrentHashMap<>();
      List<Long> latencies = new ArrayList<>();
      AtomicLong refused = new AtomicLong();
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      long period = 1_000_000_000L / rate;
      long count = duration.toSeconds() * rate;
      long start = System.nanoTime();
      for (long i = 0; i < count; i++) {
        long due = start + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String id = prefix + "-" + (i + 1);
        long t0 = System.nanoTime();
        inFlight.add(http.sendAsync(request(List.of(id), Instant.now()), HttpResponse.BodyHandlers.discarding())
            .handle((response, failure) -> {
              long t1 = System.nanoTime();
              if (failure == null && response.statusCode() == 200) {
                synchronized (latencies) {
                  latencies.add(t1 - t0);
                }
                posted.put(id, t0);
              } else {
                refused.incrementAndGet();
              }
              return null;
            }));
      }
      try {
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
            .get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("paced requests still unanswered " + REQUEST_TIMEOUT.toSeconds()
            + " s after the last was sent", e);
      }
      long elapsed = System.nanoTime() - start;
      long[] sorted;
      synchronized (latencies) {
        sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      }
      return new Posted(posted, sorted, posted.size(), refused.get(), elapsed);
    }

    private HttpRequest request(List<String> ids, Instant startsAt) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body(ids, startsAt)));
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      return builder.build();
    }

    /** The alerts as Alertmanager's API v2 takes them, which Tocsin's generic API takes too. */
    static String body(List<String> ids, Instant startsAt) {
      StringBuilder b = new StringBuilder(ids.size() * 220).append('[');
      for (String id : ids) {
        if (b.length() > 1) {
          b.append(',');
        }
        b.append("{\"labels\":{\"alertname\":\"EndToEndBench\",\"id\":\"").append(id)
            .append("\",\"service\":\"bench\",\"severity\":\"warning\"},\"annotations\":{\"summary\":\"")
            .append("end-to-end benchmark alert ").append(id).append("\"},\"startsAt\":\"").append(startsAt)
            .append("\",\"generatorURL\":\"http://prometheus.invalid/graph\"}");
      }
      return b.append(']').toString();
    }
  }

  /** Measurement of one phase: the load, then waiting for its notifications, with CPU over both. */
  private static final class Phase {
    private Phase() {
    }

    @FunctionalInterface
    interface Load {
      Posted apply(Poster poster) throws Exception;
    }

    static PhaseResult run(Settings settings, Child child, Sink sink, Poster poster, String label, String prefix,
        Load load) throws Exception {
      double cpu0 = child.cpuSeconds();
      double self0 = Proc.cpuSeconds(ProcessHandle.current().pid());
      long start = System.nanoTime();
      Posted posted = load.apply(poster);
      child.checkAlive(label);

      List<String> missing = new ArrayList<>(posted.postedNanos().keySet());
      long deadline = System.nanoTime() + Duration.ofSeconds(settings.drainSeconds()).toNanos();
      while (true) {
        missing.removeIf(sink.arrivals::containsKey);
        if (missing.isEmpty() || System.nanoTime() > deadline) {
          break;
        }
        child.checkAlive("the notifications of " + label);
        Thread.sleep(100);
      }
      long end = System.nanoTime();
      double cores = (child.cpuSeconds() - cpu0) / ((end - start) / 1e9);
      double benchCores = (Proc.cpuSeconds(ProcessHandle.current().pid()) - self0) / ((end - start) / 1e9);

      long lastArrival = start;
      List<Long> latencies = new ArrayList<>();
      List<Long> toDecision = new ArrayList<>();
      List<Long> fromDecision = new ArrayList<>();
      for (Map.Entry<String, Long> e : posted.postedNanos().entrySet()) {
        Long arrived = sink.arrivals.get(e.getKey());
        if (arrived != null) {
          latencies.add(arrived - e.getValue());
          lastArrival = Math.max(lastArrival, arrived);
          Long decided = sink.decidedAtMillis.get(e.getKey());
          if (decided != null) {
            long decidedNanos = decided * 1_000_000L - EPOCH_OFFSET_NANOS;
            toDecision.add(decidedNanos - e.getValue());
            fromDecision.add(arrived - decidedNanos);
          }
        }
      }
      return new PhaseResult(label, posted.accepted(), posted.refused(), posted.elapsedNanos(), latencies.size(),
          lastArrival - start, posted.requestNanos(), sorted(latencies), sorted(toDecision), sorted(fromDecision),
          cores, benchCores, child.rssKiB(), !missing.isEmpty(), settings.drainSeconds());
    }

    private static long[] sorted(List<Long> values) {
      return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  /**
   * What one phase measured. Notification latencies cover the alerts notified within the drain
   * timeout; a percentile that falls among the others is shown as more than the drain timeout.
   */
  private record PhaseResult(String label, long accepted, long refused, long postNanos, long notified,
      long notifySpanNanos, long[] requestNanos, long[] notifyNanos, long[] toDecisionNanos,
      long[] fromDecisionNanos, double cores, double benchCores, long rssKiB,
      boolean drainTimedOut, int drainSeconds) {
    double acceptedPerSecond() {
      return accepted / (postNanos / 1e9);
    }

    double notifiedPerSecond() {
      return notifySpanNanos <= 0 ? Double.NaN : notified / (notifySpanNanos / 1e9);
    }

    Figure requestMillis(double p) {
      return percentile(requestNanos, requestNanos.length, p);
    }

    Figure notifyMillis(double p) {
      return percentile(notifyNanos, accepted, p);
    }

    /** A percentile of the part before, or after, the system's decision to notify; among notified alerts only. */
    Figure splitMillis(boolean beforeDecision, double p) {
      long[] part = beforeDecision ? toDecisionNanos : fromDecisionNanos;
      return part.length == 0 ? Figure.NONE : percentile(part, part.length, p);
    }

    private Figure percentile(long[] sorted, long population, double p) {
      if (population == 0) {
        return Figure.NONE;
      }
      int index = (int) Math.ceil(p * population) - 1;
      if (index >= sorted.length) {
        return new Figure(">" + drainSeconds * 1000, Double.NaN);
      }
      return Figure.of(sorted[Math.max(0, index)] / 1e6, "%.1f");
    }

    String summary() {
      if (accepted == 0) {
        return String.format(Locale.ROOT, "%s: no load for %.1f s; %.2f cores, RSS %d MiB", label, postNanos / 1e9,
            cores, rssKiB / 1024);
      }
      return String.format(Locale.ROOT, "%s: %d alerts accepted in %.1f s (%.0f/s, %d refused), %d notified %s "
              + "%.1f s after the phase began, notification p50 %s ms, p99 %s ms; %.2f cores, RSS %d MiB", label,
          accepted, postNanos / 1e9, acceptedPerSecond(), refused, notified, drainTimedOut ? "(drain timed out) by"
              : "(all) by", notifySpanNanos / 1e9, notifyMillis(0.50).text(), notifyMillis(0.99).text(), cores,
          rssKiB / 1024);
    }
  }

  /** One cell: its text and, when it is a number, its value for the ratio. */
  private record Figure(String text, double value) {
    static final Figure NONE = new Figure("-", Double.NaN);

    static Figure of(double value, String format) {
      return Double.isNaN(value) ? NONE : new Figure(String.format(Locale.ROOT, format, value), value);
    }
  }

  /** The comparison table. */
  private static final class Table {
    static final String IDLE = "idle";
    static final String LOW = "low load";
    static final String STORM_1 = "storm 1/req";
    static final String STORM_10 = "storm 10/req";

    private Table() {
    }

    static void print(Settings settings, Map<String, PhaseResult> am, Map<String, PhaseResult> tocsin) {
      String format = "%-30s %-22s %13s %10s %10s%n";
      System.out.printf(Locale.ROOT, format, "phase", "metric", "alertmanager", "tocsin", "tocsin/AM");
      for (String phase : settings.phases()) {
        PhaseResult a = am.get(phase);
        PhaseResult t = tocsin.get(phase);
        String title = switch (phase) {
          case "idle" -> String.format(Locale.ROOT, "%s (no load), %d s", IDLE, settings.idleSeconds());
          case "low" -> String.format(Locale.ROOT, "%s %d/s, 1/req, %d s", LOW, settings.lowRate(),
              settings.lowSeconds());
          case "storm1" -> String.format(Locale.ROOT, "%s, %d clients, %d s", STORM_1, settings.clients(),
              settings.stormSeconds());
          default -> String.format(Locale.ROOT, "%s, %d clients, %d s", STORM_10, settings.clients(),
              settings.stormSeconds());
        };
        Map<String, Function<PhaseResult, Figure>> rows = new LinkedHashMap<>();
        if (phase.startsWith("storm")) {
          rows.put("accepted/s", r -> Figure.of(r.acceptedPerSecond(), "%.0f"));
          rows.put("notified/s", r -> Figure.of(r.notifiedPerSecond(), "%.0f"));
        }
        if (!phase.equals("idle")) {
          rows.put("notified/accepted", r -> new Figure(r.notified() + "/" + r.accepted(), Double.NaN));
          rows.put("notify p50 ms", r -> r.notifyMillis(0.50));
          rows.put("notify p99 ms", r -> r.notifyMillis(0.99));
          rows.put(" post->decision p50 ms", r -> r.splitMillis(true, 0.50));
          rows.put(" post->decision p99 ms", r -> r.splitMillis(true, 0.99));
          rows.put(" decision->sink p50 ms", r -> r.splitMillis(false, 0.50));
          rows.put(" decision->sink p99 ms", r -> r.splitMillis(false, 0.99));
          rows.put("POST p50 ms", r -> r.requestMillis(0.50));
          rows.put("POST p99 ms", r -> r.requestMillis(0.99));
          rows.put("refused alerts", r -> Figure.of(r.refused(), "%.0f"));
        }
        rows.put("CPU cores", r -> Figure.of(r.cores(), "%.2f"));
        rows.put("bench's own CPU cores", r -> Figure.of(r.benchCores(), "%.2f"));
        rows.put("RSS MiB at end", r -> Figure.of(r.rssKiB() / 1024.0, "%.0f"));
        rows.forEach((metric, figure) -> {
          Figure x = a == null ? Figure.NONE : figure.apply(a);
          Figure y = t == null ? Figure.NONE : figure.apply(t);
          String ratio = Double.isNaN(x.value()) || Double.isNaN(y.value()) || x.value() == 0 ? "-"
              : String.format(Locale.ROOT, "%.2f", y.value() / x.value());
          System.out.printf(Locale.ROOT, format, title, metric, x.text(), y.text(), ratio);
        });
      }
      System.out.println("notify = from posting an alert to its notification reaching the sink ('>N': not notified "
          + "within the drain timeout), split for Tocsin at the engine's decision (its webhook's requestedAt); CPU "
          + "cores = the process's CPU seconds / wall seconds from the phase's first post until its notifications "
          + "arrived (or the drain timeout)");
    }
  }

  /** Figures from /proc. */
  private static final class Proc {
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private Proc() {
    }

    /** utime + stime of a process, in seconds; 0 once it is gone. */
    static double cpuSeconds(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // The command name, in parentheses, may hold spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
      } catch (IOException e) {
        return 0;
      }
    }

    static long rssKiB(long pid) {
      try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
        return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
      } catch (IOException | UncheckedIOException e) {
        return 0;
      }
    }

    private static double ticksPerSecond() {
      try {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
          return Double.parseDouble(out);
        }
      } catch (IOException | NumberFormatException e) {
        // the usual Linux value below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 100;
    }
  }

  /** Facts about the machine, for the header. */
  private static final class Machine {
    private Machine() {
    }

    static String describe() {
      String model = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
      String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
          .map(v -> String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1048576.0))
          .orElse("unknown RAM");
      return String.format(Locale.ROOT, "end-to-end: Alertmanager vs the Tocsin standalone, one after the other; "
              + "machine: %d cores (%s), %s, %s %s, Java %s", Runtime.getRuntime().availableProcessors(), model,
          memory, System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    static String loadAverage() {
      try {
        String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).strip().split(" ");
        return f[0] + ", " + f[1] + ", " + f[2] + " (" + f[3] + " runnable/all tasks)";
      } catch (IOException e) {
        return "unknown";
      }
    }

    private static Optional<String> firstValue(Path file, String key) {
      try (Stream<String> lines = Files.lines(file)) {
        return lines.filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip());
      } catch (IOException | UncheckedIOException e) {
        return Optional.empty();
      }
    }
  }

  private static final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    static int status(URI uri) throws IOException, InterruptedException {
      return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  private static final class Ports {
    private Ports() {
    }

    /** A port nothing listens on, on any interface, now. */
    static int free(String what) {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port for " + what + ": " + e.getMessage(), e);
      }
    }
  }

}
