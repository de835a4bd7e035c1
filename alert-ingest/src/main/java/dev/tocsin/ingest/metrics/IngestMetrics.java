package dev.tocsin.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * alert-ingest's Prometheus figures. Every label value comes from a fixed set chosen by the code
 * (source, reason, endpoint, status, origin, command type), never from a request, so neither
 * cardinality nor secrets can leak in. Thread-safe.
 */
public final class IngestMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public IngestMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** {@code n} alerts from {@code source} were accepted (Kafka acknowledged them). */
  public void alertsReceived(String source, int n) {
    Counter.builder("tocsin.alerts.received").description("Alerts accepted and stored in Kafka, by source")
        .tag("source", source).register(registry).increment(n);
  }

  /** A request from {@code source} was refused; {@code reason} is a fixed token such as {@code invalid_payload}. */
  public void alertsRejected(String source, String reason) {
    Counter.builder("tocsin.alerts.rejected").description("Requests refused, by source and reason")
        .tag("source", source).tag("reason", token(reason)).register(registry).increment();
  }

  /** Alertmanager cut {@code n} alerts off a message (max_alerts); they can never resolve here. */
  public void alertsTruncated(int n) {
    Counter.builder("tocsin.alerts.truncated").description("Alerts Alertmanager left out of messages (max_alerts)")
        .register(registry).increment(n);
  }

  /** A command from {@code origin} (slack, pagerduty) was stored. */
  public void commandReceived(String origin, String type) {
    Counter.builder("tocsin.commands.received").description("Incident commands stored in Kafka")
        .tag("origin", origin).tag("type", token(type)).register(registry).increment();
  }

  /** A request from {@code origin} was refused or ignored. */
  public void commandRejected(String origin, String reason) {
    Counter.builder("tocsin.commands.rejected").description("Command requests refused or ignored, by reason")
        .tag("origin", origin).tag("reason", token(reason)).register(registry).increment();
  }

  /** Kafka did not take records in time (the request was answered 503). */
  public void producerError(String topicKind) {
    Counter.builder("tocsin.ingest.producer.errors").description("Publishing failures answered with 503")
        .tag("records", topicKind).register(registry).increment();
  }

  /** One request took {@code elapsed} and was answered {@code status}. */
  public void request(String endpoint, int status, Duration elapsed) {
    Timer.builder("tocsin.ingest.request").description("HTTP requests by endpoint and status")
        .tag("endpoint", endpoint).tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry).record(elapsed);
  }

  /** The Prometheus text exposition of every figure. */
  public String scrape() {
    return registry.scrape();
  }

  private static String token(String value) {
    return value.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
