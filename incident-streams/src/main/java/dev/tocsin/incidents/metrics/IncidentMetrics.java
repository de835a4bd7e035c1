package dev.tocsin.incidents.metrics;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.topology.EngineMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The incident engine's Prometheus figures: incidents opened by severity, time to acknowledge and
 * to resolve (MTTA, MTTR histograms), escalations, deliveries asked for, suppressions, rejected
 * commands, plus Kafka Streams' and the JVM's own. Label values come from fixed enums only.
 * Thread-safe.
 */
public final class IncidentMetrics implements EngineMetrics, AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private KafkaStreamsMetrics streamsMetrics;

  public IncidentMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** Adds Kafka Streams' client, thread, task and store metrics. */
  public synchronized void bind(KafkaStreams streams) {
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
  }

  /** Incident timers span seconds to days: Micrometer's default buckets stop at 30 s. */
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final Duration A_WEEK = Duration.ofDays(7);

  @Override
  public void opened(Severity severity) {
    Counter.builder("tocsin.incidents.opened").description("Incidents opened, by severity")
        .tag("severity", severity.name()).register(registry).increment();
  }

  @Override
  public void detected(Severity severity, Duration sinceAlertStart) {
    Timer.builder("tocsin.incident.detection").description("Time from an incident's first alert starting to the "
            + "incident opening (MTTD), by severity")
        .tag("severity", severity.name()).publishPercentileHistogram().minimumExpectedValue(ONE_SECOND)
        .maximumExpectedValue(A_WEEK).register(registry).record(sinceAlertStart);
  }

  @Override
  public void falsePositive(Severity severity) {
    Counter.builder("tocsin.incidents.false.positive").description("Incidents marked a false positive, by severity")
        .tag("severity", severity.name()).register(registry).increment();
  }

  @Override
  public void acknowledged(Severity severity, Duration sinceOpened) {
    Timer.builder("tocsin.incident.ack").description("Time from opening to acknowledgement (MTTA), by severity")
        .tag("severity", severity.name()).publishPercentileHistogram().minimumExpectedValue(ONE_SECOND)
        .maximumExpectedValue(A_WEEK).register(registry).record(sinceOpened);
  }

  @Override
  public void resolved(Severity severity, Duration sinceOpened) {
    Timer.builder("tocsin.incident.resolution").description("Time from opening to resolution (MTTR), by severity")
        .tag("severity", severity.name()).publishPercentileHistogram().minimumExpectedValue(ONE_SECOND)
        .maximumExpectedValue(A_WEEK).register(registry).record(sinceOpened);
  }

  @Override
  public void escalated(Severity severity) {
    Counter.builder("tocsin.incidents.escalated").description("Escalation levels paged, by severity")
        .tag("severity", severity.name()).register(registry).increment();
  }

  @Override
  public void notificationsRequested(IncidentEventType type, int n) {
    Counter.builder("tocsin.notifications.requested").description("Deliveries the engine asked for, by event")
        .tag("event", type.name().toLowerCase(Locale.ROOT)).register(registry).increment(n);
  }

  @Override
  public void suppressed(IncidentEventType type) {
    Counter.builder("tocsin.notifications.suppressed").description("Times notifications were held back, by cause")
        .tag("cause", type.name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  @Override
  public void commandRejected() {
    Counter.builder("tocsin.commands.rejected.engine").description("Incident commands the engine rejected")
        .register(registry).increment();
  }

  /** The Prometheus text exposition of every figure. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public synchronized void close() {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    gc.close();
    registry.close();
  }
}
