package dev.tocsin.standalone;

import dev.tocsin.ops.JvmDefaults;
import dev.tocsin.schemas.config.ServiceProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the standalone. Settings come from {@code TOCSIN_*} environment variables and from
 * {@code key=value} arguments (arguments win).
 */
public final class StandaloneMain {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneMain.class);
  private static final Duration FATAL_STOP_DEADLINE = Duration.ofSeconds(30);
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(5);
  /** Set when the JVM is asked to stop: services stopping then are no failure. */
  private static final java.util.concurrent.atomic.AtomicBoolean STOPPING =
      new java.util.concurrent.atomic.AtomicBoolean();

  private StandaloneMain() {
  }

  public static void main(String[] args) {
    JvmDefaults.apply();
    Map<String, Object> settings = ServiceProperties.fromEnvironment(System.getenv());
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        System.err.println("arguments are key=value settings, e.g. http.port=8080; got '" + arg + "'");
        System.exit(2);
      }
      settings.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    AtomicReference<Standalone> standalone = new AtomicReference<>();
    // The embedded broker halts the JVM on a fatal fault (e.g. a failed log directory). Say so
    // loudly and try to stop the services in order first, on another thread and within a
    // deadline: the faulting thread may be one the broker's own shutdown waits for.
    Exit.Procedure onFatal = (status, message) -> {
      LOG.error("embedded Kafka broker hit a fatal fault (status {}{}); stopping Tocsin", status,
          message == null ? "" : ": " + message);
      stopWithin(standalone.get(), FATAL_STOP_DEADLINE);
      Runtime.getRuntime().halt(status == 0 ? 1 : status);
    };
    Exit.setHaltProcedure(onFatal);
    Exit.setExitProcedure(onFatal);
    try {
      standalone.set(Standalone.start(settings));
    } catch (RuntimeException e) {
      LOG.error("Tocsin standalone failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      STOPPING.set(true);
      LOG.info("shutting down");
      standalone.get().close();
      LOG.info("stopped cleanly");
    }, "tocsin-shutdown"));
    watch(standalone.get());
  }

  /** Exits non-zero, after an orderly stop, as soon as a service can no longer do its job. */
  private static void watch(Standalone standalone) {
    while (true) {
      try {
        Thread.sleep(WATCH_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      var failure = standalone.failure();
      if (STOPPING.get()) {
        // Asked to stop (Ctrl-C, SIGTERM): the shutdown hook stops the services; exiting from
        // here would block on the JVM's shutdown and report an orderly stop as a failure.
        return;
      }
      if (failure.isPresent()) {
        LOG.error("Tocsin cannot do its job any more ({}); shutting down", failure.get());
        System.exit(1);
      }
    }
  }

  private static void stopWithin(Standalone standalone, Duration deadline) {
    if (standalone == null) {
      return;
    }
    Thread stopper = new Thread(standalone::close, "tocsin-fatal-stop");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(deadline.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
