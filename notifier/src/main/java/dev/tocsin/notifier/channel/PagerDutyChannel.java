package dev.tocsin.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.Notification;
import dev.tocsin.notifier.delivery.DeliveryOutcome;
import dev.tocsin.notifier.delivery.NotificationChannel;
import dev.tocsin.schemas.vocabulary.HttpUrls;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Sends incident events to PagerDuty's Events API v2 ({@code POST /v2/enqueue}), one PagerDuty
 * alert per incident. The routing key is the credential: it travels only in the request body and
 * never appears in outcomes, {@link #toString()} or logs. Thread-safe.
 *
 * <table>
 *   <caption>Incident event to PagerDuty event action</caption>
 *   <tr><th>Tocsin event</th><th>{@code event_action}</th></tr>
 *   <tr><td>OPENED, ESCALATED, REOPENED</td><td>{@code trigger}</td></tr>
 *   <tr><td>ACKNOWLEDGED</td><td>{@code acknowledge}</td></tr>
 *   <tr><td>RESOLVED</td><td>{@code resolve}</td></tr>
 *   <tr><td>any other</td><td>none: {@link DeliveryOutcome.Skipped}, nothing is sent</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Incident priority to PagerDuty {@code payload.severity}</caption>
 *   <tr><th>Tocsin</th><th>PagerDuty</th></tr>
 *   <tr><td>P0</td><td>{@code critical}</td></tr>
 *   <tr><td>P1</td><td>{@code critical}</td></tr>
 *   <tr><td>P2</td><td>{@code error}</td></tr>
 *   <tr><td>P3</td><td>{@code warning}</td></tr>
 * </table>
 * PagerDuty's {@code info} is not used: nothing that opens an incident is informational.
 *
 * <table>
 *   <caption>Other fields of a trigger</caption>
 *   <tr><th>Field</th><th>Value</th></tr>
 *   <tr><td>{@code dedup_key}</td><td>the incident id (on every action), so a retry or a restart
 *       never opens a second PagerDuty alert</td></tr>
 *   <tr><td>{@code payload.summary}</td><td>incident id and title on one line, cut to 1024
 *       characters with an ellipsis</td></tr>
 *   <tr><td>{@code payload.source}</td><td>the incident's {@code instance}, {@code service} or
 *       {@code job} label, else {@code tocsin}</td></tr>
 *   <tr><td>{@code payload.timestamp}</td><td>when the event happened</td></tr>
 *   <tr><td>{@code payload.component}</td><td>{@code component} or {@code service} label</td></tr>
 *   <tr><td>{@code payload.group}</td><td>{@code group} or {@code team} label</td></tr>
 *   <tr><td>{@code payload.class}</td><td>{@code class} or {@code alertname} label</td></tr>
 *   <tr><td>{@code payload.custom_details}</td><td>incident id, link, title, priority, status,
 *       event, message, group labels and up to 50 alerts (fingerprint, status, summary, labels,
 *       times)</td></tr>
 *   <tr><td>{@code links}</td><td>the incident page, the alerts' {@code runbook_url} annotations,
 *       then their source links; http(s) only, at most 20</td></tr>
 *   <tr><td>{@code client}, {@code client_url}</td><td>{@code Tocsin} and the incident page</td></tr>
 * </table>
 * "The incident's labels" are its group labels over the labels all its alerts share.
 */
public final class PagerDutyChannel implements NotificationChannel {
  public static final String INTEGRATION = "pagerduty";
  private static final String LABEL = "PagerDuty";
  private static final int MAX_REASON_DETAIL = 300;

  private final Settings settings;
  private final URI enqueueUrl;
  private final HttpDelivery http;
  private final ServerText serverText;

  /**
   * Where and how to reach PagerDuty.
   *
   * @param baseUrl the Events API host, {@link #DEFAULT_BASE_URL} in production; tests point it at a stub
   * @param routingKey the integration key of an Events API v2 integration (a secret)
   * @param links where incident pages live, for links and {@code client_url}
   * @param timeout connecting and then waiting for the answer each get this long
   */
  public record Settings(URI baseUrl, Password routingKey, IncidentLinks links, Duration timeout) {
    public static final URI DEFAULT_BASE_URL = URI.create("https://events.pagerduty.com");

    public Settings {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(routingKey, "routingKey");
      Objects.requireNonNull(links, "links");
      Objects.requireNonNull(timeout, "timeout");
      if (!HttpUrls.isAbsoluteHttp(baseUrl)) {
        throw new IllegalArgumentException("baseUrl " + HttpUrls.MUST_BE_ABSOLUTE_HTTP + ", was " + baseUrl);
      }
      if (routingKey.value() == null || routingKey.value().isBlank()) {
        throw new IllegalArgumentException("routingKey must not be empty");
      }
    }

    /** Production settings: PagerDuty's own host. */
    public static Settings of(Password routingKey, IncidentLinks links, Duration timeout) {
      return new Settings(DEFAULT_BASE_URL, routingKey, links, timeout);
    }
  }

  /** A channel sending with {@code settings}; {@code clock} dates {@code Retry-After}. */
  public PagerDutyChannel(Settings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    String base = settings.baseUrl().toString();
    this.enqueueUrl = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v2/enqueue");
    this.http = new HttpDelivery(LABEL, settings.timeout(), clock);
    this.serverText = ServerText.hiding(settings.routingKey().value());
  }

  @Override
  public String integration() {
    return INTEGRATION;
  }

  @Override
  public DeliveryOutcome deliver(Notification notification) {
    if (PagerDutyEvents.action(notification.getEvent().getType()).isEmpty()) {
      return DeliveryOutcome.skipped("PagerDuty has no event action for " + notification.getEvent().getType()
          + " events");
    }
    byte[] body;
    try {
      body = PagerDutyEvents.MAPPER.writeValueAsBytes(
          PagerDutyEvents.render(notification, settings.routingKey().value(), settings.links()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    HttpDelivery.Exchange exchange = http.postJson(enqueueUrl, body, Map.of());
    if (exchange instanceof HttpDelivery.Failed failed) {
      return failed.outcome();
    }
    HttpDelivery.Answered answer = (HttpDelivery.Answered) exchange;
    if (HttpDelivery.classOf(answer.status()) == HttpDelivery.StatusClass.SUCCESS) {
      String dedupKey = responseField(answer.body(), "dedup_key")
          .orElse(PagerDutyEvents.dedupKey(notification));
      return DeliveryOutcome.delivered(answer.status(), dedupKey);
    }
    return http.failure(answer, errorDetail(answer.body()));
  }

  /**
   * PagerDuty's explanation of a refused event, {@code message (errors...)}, without the routing
   * key should it be quoted; empty when the body is not PagerDuty's error object.
   */
  private String errorDetail(String body) {
    JsonNode root = parse(body);
    if (root == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    JsonNode errors = root.path("errors");
    if (errors.isArray()) {
      errors.forEach(error -> {
        if (error.isTextual() && !error.asText().isBlank()) {
          parts.add(error.asText());
        }
      });
    }
    String message = root.path("message").isTextual() ? root.path("message").asText() : "";
    String detail = parts.isEmpty() ? message
        : message.isBlank() ? String.join("; ", parts) : message + " (" + String.join("; ", parts) + ")";
    return serverText.clean(detail, MAX_REASON_DETAIL);
  }

  private static Optional<String> responseField(String body, String field) {
    JsonNode root = parse(body);
    JsonNode value = root == null ? null : root.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText())
        : Optional.empty();
  }

  private static JsonNode parse(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      JsonNode root = PagerDutyEvents.MAPPER.readTree(body);
      return root != null && root.isObject() ? root : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "PagerDutyChannel[url=" + enqueueUrl + ", routingKey=[hidden], timeout=" + settings.timeout() + "]";
  }
}
