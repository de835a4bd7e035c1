package dev.tocsin.notifier.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The notifier's Prometheus figures. Label values are receiver names, integration names, lane
 * names (receiver and integration) and fixed tokens chosen by the code, never URLs, addresses,
 * keys or a receiver's answer, so no secret can reach a label. Thread-safe.
 */
public final class NotifierMetrics implements AutoCloseable {
  /** Dead-letter reasons: fixed tokens, the full reason is in the dead letter's headers. */
  public static final String REFUSED = "refused";
  public static final String RETRIES_EXHAUSTED = "retries_exhausted";
  public static final String UNKNOWN_RECEIVER = "unknown_receiver";
  public static final String UNDECODABLE = "undecodable";
  /** The outcome counted when a notification is not sent again because it already was. */
  public static final String DUPLICATE = "duplicate";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public NotifierMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /**
   * One notification's delivery through {@code integration} was settled with {@code outcome}
   * (delivered, suppressed, permanent_failure, dead_lettered, duplicate).
   */
  public void notification(String integration, String outcome) {
    Counter.builder("tocsin.notifications").description("Notifications settled, by integration and outcome")
        .tag("integration", integration).tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(registry).increment();
  }

  /** From the engine's request to the final outcome through {@code integration}, retries and waits included. */
  public void deliveryLatency(String integration, Duration elapsed) {
    Timer.builder("tocsin.notification.delivery")
        .description("Time from a notification's requestedAt to its outcome, by integration")
        .tag("integration", integration)
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofMinutes(30))
        .register(registry).record(elapsed.isNegative() ? Duration.ZERO : elapsed);
  }

  /** {@code retries} attempts after the first were made through {@code integration}. */
  public void retries(String integration, int retries) {
    if (retries > 0) {
      Counter.builder("tocsin.notification.retries").description("Delivery attempts after the first, by integration")
          .tag("integration", integration).register(registry).increment(retries);
    }
  }

  /** A notification went to the dead-letter topic; {@code reason} is one of this class's tokens. */
  public void deadLetter(String integration, String reason) {
    Counter.builder("tocsin.notification.dead.letters").description("Notifications dead-lettered, by reason")
        .tag("integration", integration).tag("reason", reason).register(registry).increment();
  }

  /** Reports {@code depth} as the number of notifications waiting or in delivery in {@code lane}. */
  public void laneDepth(String lane, Supplier<Number> depth) {
    Gauge.builder("tocsin.notification.lane.depth", depth)
        .description("Notifications waiting or being delivered, by delivery lane (receiver/integration)")
        .tag("lane", lane).strongReference(true).register(registry);
  }

  /** The Prometheus text exposition of every figure. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
