package dev.tocsin.ingest.http;

import dev.tocsin.ops.http.AuthDecision;
import dev.tocsin.ops.http.RequestIds;
import dev.tocsin.ops.http.LimitedContentSource;
import dev.tocsin.ops.http.BodyTooLargeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.domain.AlertBatch;
import dev.tocsin.ingest.domain.SignatureVerdict;
import dev.tocsin.ingest.json.FieldProblems;
import dev.tocsin.ingest.metrics.IngestMetrics;
import dev.tocsin.ingest.pagerduty.PagerDutyOutcome;
import dev.tocsin.ingest.publish.AlertPublisher;
import dev.tocsin.ingest.publish.CommandPublisher;
import dev.tocsin.ingest.slack.SlackOutcome;
import dev.tocsin.ingest.slack.SlackResponses;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's HTTP endpoints on Jetty's core API: the alert sources, Slack and PagerDuty, the
 * health probes and {@code /metrics}. Non-blocking: a request is answered from the publisher's
 * completion, so no Jetty thread waits for Kafka. Thread-safe.
 */
public final class IngestHandler extends Handler.Abstract.NonBlocking {
  public static final String ALERTMANAGER_PATH = "/api/v1/alerts/alertmanager";
  public static final String CLOUD_MONITORING_PATH = "/api/v1/alerts/cloud-monitoring";
  public static final String GENERIC_PATH = "/api/v1/alerts";
  public static final String SLACK_COMMANDS_PATH = "/api/v1/slack/commands";
  public static final String SLACK_INTERACTIONS_PATH = "/api/v1/slack/interactions";
  public static final String PAGERDUTY_PATH = "/api/v1/pagerduty/webhooks";
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";
  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  /** Seconds a client is asked to wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";
  private static final String FORM = "application/x-www-form-urlencoded";
  /** Slack shows an error unless it has an answer within 3 s; leave room for the network. */
  static final Duration SLACK_ANSWER_DEADLINE = Duration.ofMillis(2500);

  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final Pattern URL_USERINFO = Pattern.compile("://[^/@\\s]+@");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final int MAX_REASON_LENGTH = 300;

  private final Map<String, Endpoint> endpoints = new HashMap<>();
  private final AlertPublisher publisher;
  private final CommandPublisher commands;
  private final IngestMetrics metrics;
  private final int maxBodyBytes;
  private final Clock clock;

  /**
   * @param endpoints the enabled protocols, one per path
   * @param maxBodyBytes largest body accepted, checked against Content-Length, while reading and, for a
   *     gzip body, while decoding
   * @param clock source of each alert's {@code receivedAt} and of signature time windows
   */
  public IngestHandler(List<Endpoint> endpoints, AlertPublisher publisher, CommandPublisher commands,
      IngestMetrics metrics, int maxBodyBytes, Clock clock) {
    for (Endpoint endpoint : endpoints) {
      if (this.endpoints.put(endpoint.path(), endpoint) != null) {
        throw new IllegalArgumentException("two endpoints at " + endpoint.path());
      }
    }
    this.publisher = publisher;
    this.commands = commands;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  /** The paths of the enabled protocols, sorted. */
  public List<String> paths() {
    return endpoints.keySet().stream().sorted().toList();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = RequestIds.of(request.getHeaders().get(REQUEST_ID_HEADER));
    response.getHeaders().put(REQUEST_ID_HEADER, requestId);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Exchange exchange = new Exchange(requestId, request.getMethod(), Request.getPathInContext(request),
        System.nanoTime(), metrics);
    try {
      route(request, response, callback, exchange);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      respond(response, callback, exchange, HttpStatus.INTERNAL_SERVER_ERROR_500, error("internal error"));
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback, Exchange exchange) {
    String method = request.getMethod();
    Endpoint endpoint = endpoints.get(exchange.path);
    if (endpoint != null) {
      exchange.endpoint = endpoint.name();
      if (!HttpMethod.POST.is(method)) {
        methodNotAllowed(response, callback, exchange, HttpMethod.POST);
      } else {
        receive(endpoint, request, response, callback, exchange);
      }
      return;
    }
    switch (exchange.path) {
      case LIVE_PATH -> {
        exchange.quiet = true;
        if (HttpMethod.GET.is(method)) {
          respond(response, callback, exchange, HttpStatus.OK_200, MAPPER.createObjectNode().put("status", "up"));
        } else {
          methodNotAllowed(response, callback, exchange, HttpMethod.GET);
        }
      }
      case READY_PATH -> {
        exchange.quiet = true;
        if (!HttpMethod.GET.is(method)) {
          methodNotAllowed(response, callback, exchange, HttpMethod.GET);
        } else if (isRunning() && publisher.isReady()) {
          respond(response, callback, exchange, HttpStatus.OK_200, MAPPER.createObjectNode().put("status", "ready"));
        } else {
          respond(response, callback, exchange, HttpStatus.SERVICE_UNAVAILABLE_503,
              MAPPER.createObjectNode().put("status", "not ready"));
        }
      }
      case METRICS_PATH -> {
        exchange.quiet = true;
        if (HttpMethod.GET.is(method)) {
          respondText(response, callback, exchange, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        } else {
          methodNotAllowed(response, callback, exchange, HttpMethod.GET);
        }
      }
      default -> respond(response, callback, exchange, HttpStatus.NOT_FOUND_404, error("not found"));
    }
  }

  private void receive(Endpoint endpoint, Request request, Response response, Callback callback, Exchange exchange) {
    if (endpoint instanceof Endpoint.Alerts alerts) {
      AuthDecision auth = alerts.auth().check(request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION),
          request.getHttpURI().getQuery());
      if (auth != AuthDecision.ACCEPTED) {
        // The reason stays in the debug log: telling a caller why helps only an attacker.
        LOG.debug("request {} not authenticated: {}", exchange.id, auth);
        metrics.alertsRejected(endpoint.name(), "unauthorized");
        closeUnread(response);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, alerts.auth().challenge());
        respond(response, callback, exchange, HttpStatus.UNAUTHORIZED_401, error("unauthorized"));
        return;
      }
    }
    boolean form = endpoint instanceof Endpoint.Slack;
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (form ? !isForm(contentType) : !isJson(contentType)) {
      rejected(endpoint, "unsupported_media_type");
      closeUnread(response);
      respond(response, callback, exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          error("unsupported media type: expected " + (form ? FORM : "application/json")));
      return;
    }
    ContentCoding coding = ContentCoding.of(request.getHeaders().getValuesList(HttpHeader.CONTENT_ENCODING));
    // Slack and PagerDuty sign the body as they send it, and neither compresses it.
    boolean signed = !(endpoint instanceof Endpoint.Alerts);
    if (coding instanceof ContentCoding.Unsupported || (signed && coding instanceof ContentCoding.Gzip)) {
      String name = coding instanceof ContentCoding.Unsupported unsupported ? unsupported.name() : "gzip";
      rejected(endpoint, "unsupported_encoding");
      closeUnread(response);
      exchange.detail = "Content-Encoding " + FieldProblems.quote(name);
      respond(response, callback, exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          error("unsupported content encoding " + FieldProblems.quote(name) + ": expected "
              + (signed ? "identity" : "gzip or identity")));
      return;
    }
    if (request.getLength() > maxBodyBytes) {
      payloadTooLarge(endpoint, response, callback, exchange);
      return;
    }
    Content.Source.asByteArrayAsync(new LimitedContentSource(request, maxBodyBytes), maxBodyBytes,
        Promise.Invocable.from(InvocationType.NON_BLOCKING, (read, failure) -> {
          try {
            if (failure instanceof BodyTooLargeException) {
              payloadTooLarge(endpoint, response, callback, exchange);
            } else if (failure != null) {
              unreadable(endpoint, response, callback, exchange, failure);
            } else {
              decoded(endpoint, coding, read, request, response, callback, exchange);
            }
          } catch (RuntimeException e) {
            LOG.error("request {} failed", exchange.id, e);
            respond(response, callback, exchange, HttpStatus.INTERNAL_SERVER_ERROR_500, error("internal error"));
          }
        }));
  }

  /** Undoes the body's content coding, holding the decoded size to the same limit, then hands it to the endpoint. */
  private void decoded(Endpoint endpoint, ContentCoding coding, byte[] read, Request request, Response response,
      Callback callback, Exchange exchange) {
    byte[] body = read;
    if (coding instanceof ContentCoding.Gzip) {
      GzipBody.Decoded decoded = GzipBody.decode(read, maxBodyBytes);
      if (decoded instanceof GzipBody.TooLarge) {
        payloadTooLarge(endpoint, response, callback, exchange);
        return;
      }
      if (decoded instanceof GzipBody.Corrupt corrupt) {
        notGzip(endpoint, response, callback, exchange, corrupt.reason());
        return;
      }
      body = ((GzipBody.Body) decoded).bytes();
    }
    if (endpoint instanceof Endpoint.Alerts alerts) {
      onAlerts(alerts, body, response, callback, exchange);
    } else if (endpoint instanceof Endpoint.Slack slack) {
      onSlack(slack, request, body, response, callback, exchange);
    } else if (endpoint instanceof Endpoint.PagerDuty pagerDuty) {
      onPagerDuty(pagerDuty, request, body, response, callback, exchange);
    }
  }

  private void onAlerts(Endpoint.Alerts endpoint, byte[] body, Response response, Callback callback,
      Exchange exchange) {
    AlertBatch batch = endpoint.source().parse(body, clock.instant(), exchange.id);
    if (batch instanceof AlertBatch.Rejected rejected) {
      ObjectNode json = error(rejected.reason() == AlertBatch.Reason.TOO_MANY_ALERTS
          ? "too many alerts" : "invalid payload");
      ArrayNode problems = json.putArray("problems");
      rejected.problems().forEach(problems::add);
      exchange.detail = "rejected " + rejected.reason() + " with " + rejected.problems().size() + " problem(s)";
      metrics.alertsRejected(endpoint.name(), rejected.reason().name());
      respond(response, callback, exchange, HttpStatus.BAD_REQUEST_400, json);
      return;
    }
    AlertBatch.Accepted accepted = (AlertBatch.Accepted) batch;
    for (String warning : accepted.warnings()) {
      LOG.warn("request {}: {}", exchange.id, warning);
    }
    if (accepted.truncatedAlerts() > 0) {
      metrics.alertsTruncated(accepted.truncatedAlerts());
    }
    List<Alert> alerts = accepted.alerts();
    exchange.alerts = alerts.size();
    publishing(() -> publisher.publish(alerts)).whenComplete((ignored, failure) -> {
      if (failure == null) {
        metrics.alertsReceived(endpoint.name(), alerts.size());
        respond(response, callback, exchange, HttpStatus.OK_200, MAPPER.createObjectNode()
            .put("status", "accepted")
            .put("alerts", alerts.size())
            .put("requestId", exchange.id));
      } else {
        metrics.producerError("alerts");
        unavailable(response, callback, exchange, failure);
      }
    });
  }

  private void onSlack(Endpoint.Slack endpoint, Request request, byte[] body, Response response, Callback callback,
      Exchange exchange) {
    SignatureVerdict verdict = endpoint.verifier().verify(request.getHeaders().get("X-Slack-Request-Timestamp"),
        request.getHeaders().get("X-Slack-Signature"), body, clock.instant());
    if (verdict instanceof SignatureVerdict.Invalid invalid) {
      LOG.debug("request {} refused: Slack signature {}", exchange.id, invalid.reason());
      metrics.commandRejected("slack", "signature_" + invalid.reason().name());
      respond(response, callback, exchange, HttpStatus.UNAUTHORIZED_401, error("unauthorized"));
      return;
    }
    SlackOutcome outcome = endpoint.interactions() ? endpoint.commands().interaction(body, clock.instant())
        : endpoint.commands().slashCommand(body, clock.instant());
    if (outcome instanceof SlackOutcome.Malformed malformed) {
      metrics.commandRejected("slack", "malformed");
      ObjectNode json = error("invalid Slack request");
      ArrayNode problems = json.putArray("problems");
      malformed.problems().forEach(problems::add);
      respond(response, callback, exchange, HttpStatus.BAD_REQUEST_400, json);
    } else if (outcome instanceof SlackOutcome.Refused refused) {
      metrics.commandRejected("slack", refused.reason());
      exchange.detail = "refused: " + refused.reason();
      respondJson(response, callback, exchange, HttpStatus.OK_200, SlackResponses.ephemeral(refused.replyText()));
    } else if (outcome instanceof SlackOutcome.Reply reply && reply.replyText().isEmpty()) {
      // A click Tocsin does not act on (another button, another payload type): Slack wants a bare 200.
      respondText(response, callback, exchange, "text/plain; charset=utf-8", "");
    } else if (outcome instanceof SlackOutcome.Reply reply) {
      respondJson(response, callback, exchange, HttpStatus.OK_200, SlackResponses.ephemeral(reply.replyText()));
    } else if (outcome instanceof SlackOutcome.Command command) {
      // Slack shows a non-200 answer as a bare failure; an ephemeral reply tells the user what happened.
      // Slack gives up after 3 s, so the answer cannot wait for Kafka's full produce timeout.
      publishing(() -> commands.publish(command.command())).orTimeout(SLACK_ANSWER_DEADLINE.toMillis(),
          TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
            if (failure == null) {
              metrics.commandReceived("slack", command.command().getType().name());
              respondJson(response, callback, exchange, HttpStatus.OK_200,
                  SlackResponses.ephemeral(command.replyText()));
            } else if (unwrap(failure) instanceof TimeoutException) {
              metrics.producerError("commands");
              exchange.detail = "not confirmed within Slack's deadline";
              respondJson(response, callback, exchange, HttpStatus.OK_200, SlackResponses.ephemeral(
                  "Tocsin could not confirm in time that it recorded this (its Kafka is slow); check the incident "
                      + "before you repeat it."));
            } else {
              metrics.producerError("commands");
              exchange.detail = "publishing failed: " + describe(failure);
              respondJson(response, callback, exchange, HttpStatus.OK_200, SlackResponses.ephemeral(
                  "Tocsin could not record that right now (its Kafka is unavailable); nothing changed. Try again."));
            }
          });
    }
  }

  private void onPagerDuty(Endpoint.PagerDuty endpoint, Request request, byte[] body, Response response,
      Callback callback, Exchange exchange) {
    SignatureVerdict verdict = endpoint.verifier().verify(request.getHeaders().get("X-PagerDuty-Signature"), body);
    if (verdict instanceof SignatureVerdict.Invalid invalid) {
      LOG.warn("request {} refused: PagerDuty signature {}", exchange.id, invalid.reason());
      metrics.commandRejected("pagerduty", "signature_" + invalid.reason().name());
      if (invalid.reason() == SignatureVerdict.Reason.MISMATCH) {
        // PagerDuty disables a subscription after three dropped (4xx) deliveries but retries 5xx
        // for 48 h: during a secret rotation, a 503 loses nothing once the new secret is set.
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
        respond(response, callback, exchange, HttpStatus.SERVICE_UNAVAILABLE_503, error("signature not accepted"));
      } else {
        respond(response, callback, exchange, HttpStatus.UNAUTHORIZED_401, error("unauthorized"));
      }
      return;
    }
    PagerDutyOutcome outcome = endpoint.webhooks().parse(body, clock.instant());
    if (outcome instanceof PagerDutyOutcome.Malformed malformed) {
      metrics.commandRejected("pagerduty", "malformed");
      ObjectNode json = error("invalid PagerDuty webhook");
      ArrayNode problems = json.putArray("problems");
      malformed.problems().forEach(problems::add);
      respond(response, callback, exchange, HttpStatus.BAD_REQUEST_400, json);
    } else if (outcome instanceof PagerDutyOutcome.Ignored ignored) {
      metrics.commandRejected("pagerduty", "ignored");
      exchange.detail = "ignored: " + ignored.reason();
      respond(response, callback, exchange, HttpStatus.ACCEPTED_202,
          MAPPER.createObjectNode().put("status", "ignored").put("reason", ignored.reason()));
    } else if (outcome instanceof PagerDutyOutcome.Command command) {
      if (endpoint.seen().contains(command.eventId())) {
        metrics.commandRejected("pagerduty", "redelivered");
        exchange.detail = "redelivered event " + command.eventId();
        respond(response, callback, exchange, HttpStatus.ACCEPTED_202,
            MAPPER.createObjectNode().put("status", "duplicate"));
        return;
      }
      publishing(() -> commands.publish(command.command())).whenComplete((ignored, failure) -> {
        if (failure == null) {
          endpoint.seen().add(command.eventId());
          metrics.commandReceived("pagerduty", command.command().getType().name());
          respond(response, callback, exchange, HttpStatus.ACCEPTED_202,
              MAPPER.createObjectNode().put("status", "accepted").put("requestId", exchange.id));
        } else {
          metrics.producerError("commands");
          unavailable(response, callback, exchange, failure);
        }
      });
    }
  }

  private static CompletableFuture<Void> publishing(Supplier<CompletableFuture<Void>> publish) {
    try {
      return publish.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void unavailable(Response response, Callback callback, Exchange exchange, Throwable failure) {
    String reason = describe(failure);
    exchange.detail = "publishing failed: " + reason;
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
    respond(response, callback, exchange, HttpStatus.SERVICE_UNAVAILABLE_503, error("kafka unavailable: " + reason));
  }

  private void rejected(Endpoint endpoint, String reason) {
    if (endpoint instanceof Endpoint.Alerts) {
      metrics.alertsRejected(endpoint.name(), reason);
    } else {
      metrics.commandRejected(endpoint.name(), reason);
    }
  }

  private void payloadTooLarge(Endpoint endpoint, Response response, Callback callback, Exchange exchange) {
    rejected(endpoint, "too_large");
    closeUnread(response);
    respond(response, callback, exchange, HttpStatus.PAYLOAD_TOO_LARGE_413,
        error("payload too large: the limit is " + maxBodyBytes + " bytes, after any Content-Encoding is decoded"));
  }

  private void notGzip(Endpoint endpoint, Response response, Callback callback, Exchange exchange, String reason) {
    rejected(endpoint, "malformed");
    exchange.detail = "Content-Encoding gzip, but " + reason;
    ObjectNode json = error("invalid payload");
    json.putArray("problems").add("body: not valid gzip (Content-Encoding: gzip): " + reason);
    respond(response, callback, exchange, HttpStatus.BAD_REQUEST_400, json);
  }

  /**
   * The body could not be read: the client stalled past the idle timeout (408), sent a broken
   * framing (Jetty's 4xx) or went away. Each is the client's doing, so none is answered or counted
   * as a server error.
   */
  private void unreadable(Endpoint endpoint, Response response, Callback callback, Exchange exchange,
      Throwable failure) {
    Throwable cause = unwrap(failure);
    exchange.detail = "reading the body failed: " + describe(cause);
    closeUnread(response);
    if (cause instanceof TimeoutException) {
      rejected(endpoint, "timeout");
      respond(response, callback, exchange, HttpStatus.REQUEST_TIMEOUT_408,
          error("request body not received in time: the client stopped sending"));
      return;
    }
    rejected(endpoint, "unreadable");
    int status = cause instanceof HttpException http && HttpStatus.isClientError(http.getCode())
        ? http.getCode() : HttpStatus.BAD_REQUEST_400;
    respond(response, callback, exchange, status, error("request body could not be read"));
  }

  /**
   * For an answer given before the whole body was read: Jetty closes such a connection once the
   * response is sent rather than read on, so the client is told, or it would send its next
   * request on a connection that is going away.
   */
  private static void closeUnread(Response response) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  private void methodNotAllowed(Response response, Callback callback, Exchange exchange, HttpMethod allowed) {
    response.getHeaders().put(HttpHeader.ALLOW, allowed.asString());
    respond(response, callback, exchange, HttpStatus.METHOD_NOT_ALLOWED_405, error("method not allowed"));
  }

  private static void respond(Response response, Callback callback, Exchange exchange, int status, ObjectNode body) {
    String json;
    try {
      json = MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      json = "{\"error\":\"internal error\"}";
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    respondJson(response, callback, exchange, status, json);
  }

  private static void respondJson(Response response, Callback callback, Exchange exchange, int status, String json) {
    write(response, callback, exchange, status, "application/json", json);
  }

  private static void respondText(Response response, Callback callback, Exchange exchange, String contentType,
      String text) {
    write(response, callback, exchange, HttpStatus.OK_200, contentType, text);
  }

  private static void write(Response response, Callback callback, Exchange exchange, int status, String contentType,
      String body) {
    if (!exchange.responded.compareAndSet(false, true)) {
      LOG.warn("request {}: a second response ({}) was suppressed", exchange.id, status);
      return;
    }
    exchange.log(status);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  static boolean isJson(String contentType) {
    String mediaType = mediaType(contentType);
    return mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  static boolean isForm(String contentType) {
    return mediaType(contentType).equals(FORM);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /** A short, secret-free reason for a publishing failure, suitable for a response body. */
  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static String describe(Throwable failure) {
    Throwable cause = unwrap(failure);
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      message = cause.getClass().getSimpleName();
    }
    message = URL_USERINFO.matcher(message).replaceAll("://[hidden]@");
    message = CONTROL.matcher(message).replaceAll(" ");
    return message.length() > MAX_REASON_LENGTH ? message.substring(0, MAX_REASON_LENGTH) + "..." : message;
  }

  /** What is known about one request, for its log line. */
  private static final class Exchange {
    final String id;
    final String method;
    final String path;
    final long startNanos;
    final IngestMetrics metrics;
    final AtomicBoolean responded = new AtomicBoolean();
    volatile String endpoint = "other";
    volatile boolean quiet;
    volatile int alerts = -1;
    volatile String detail;

    Exchange(String id, String method, String path, long startNanos, IngestMetrics metrics) {
      this.id = id;
      this.method = method;
      this.path = path == null ? "" : path;
      this.startNanos = startNanos;
      this.metrics = metrics;
    }

    String loggablePath() {
      String clean = CONTROL.matcher(path).replaceAll("?");
      return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    void log(int status) {
      long nanos = System.nanoTime() - startNanos;
      if (!quiet) {
        metrics.request(endpoint, status, Duration.ofNanos(nanos));
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
      String alertCount = alerts < 0 ? "-" : Integer.toString(alerts);
      String suffix = detail == null ? "" : " (" + detail + ")";
      if (quiet) {
        // Probes arrive every few seconds; at INFO they would drown the webhook lines.
        LOG.debug("request {} {} {} -> {} in {} ms", id, method, loggablePath(), status, millis);
      } else if (status >= HttpStatus.INTERNAL_SERVER_ERROR_500) {
        LOG.warn("request {} {} {} -> {} alerts={} in {} ms{}", id, method, loggablePath(), status, alertCount, millis,
            suffix);
      } else {
        // DEBUG, as an access log: an INFO line per request would be one per alert in a storm.
        LOG.debug("request {} {} {} -> {} alerts={} in {} ms{}", id, method, loggablePath(), status, alertCount,
            millis, suffix);
      }
    }
  }
}
