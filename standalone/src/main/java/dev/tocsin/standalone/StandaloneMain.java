package dev.tocsin.standalone;

import dev.tocsin.schemas.config.ServiceProperties;
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

  private StandaloneMain() {
  }

  public static void main(String[] args) {
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
    // loudly and stop the services in order first, instead of vanishing without a word.
    Exit.Procedure onFatal = (status, message) -> {
      LOG.error("embedded Kafka broker hit a fatal fault (status {}): {}; stopping Tocsin", status, message);
      Standalone running = standalone.get();
      if (running != null) {
        running.close();
      }
      Runtime.getRuntime().halt(status);
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
      LOG.info("shutting down");
      standalone.get().close();
      LOG.info("stopped cleanly");
    }, "tocsin-shutdown"));
  }
}
