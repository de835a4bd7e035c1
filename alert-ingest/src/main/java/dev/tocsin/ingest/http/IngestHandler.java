package dev.tocsin.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tocsin.avro.Alert;
import dev.tocsin.ingest.alertmanager.AlertmanagerAlerts;
import dev.tocsin.ingest.alertmanager.AlertmanagerWebhookParser;
import dev.tocsin.ingest.alertmanager.ParseResult;
import dev.tocsin.ingest.alertmanager.WebhookMessage;
import dev.tocsin.ingest.publish.AlertPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
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
 * The service's HTTP endpoints on Jetty's core API: the Alertmanager webhook and the health
 * probes. Non-blocking: a webhook is answered from the publisher's completion, so no Jetty thread
 * waits for Kafka. Thread-safe.
 */
public final class IngestHandler extends Handler.Abstract.NonBlocking {
  public static final String ALERTMANAGER_PATH = "/api/v1/alerts/alertmanager";
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  /** Seconds a client is asked to wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final Pattern URL_USERINFO = Pattern.compile("://[^/@\\s]+@");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final int MAX_REASON_LENGTH = 300;

  private final AlertmanagerWebhookParser parser;
  private final AlertPublisher publisher;
  private final BearerTokens tokens;
  private final int maxBodyBytes;
  private final Clock clock;

  /**
   * @param maxBodyBytes largest body accepted, checked against Content-Length and while reading
   * @param clock source of each alert's {@code receivedAt}
   */
  public IngestHandler(AlertmanagerWebhookParser parser, AlertPublisher publisher, BearerTokens tokens,
      int maxBodyBytes, Clock clock) {
    this.parser = parser;
    this.publisher = publisher;
    this.tokens = tokens;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = RequestIds.of(request.getHeaders().get(REQUEST_ID_HEADER));
    response.getHeaders().put(REQUEST_ID_HEADER, requestId);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Exchange exchange = new Exchange(requestId, request.getMethod(), Request.getPathInContext(request),
        System.nanoTime());
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
    switch (exchange.path) {
      case ALERTMANAGER_PATH -> {
        if (HttpMethod.POST.is(method)) {
          receiveAlertmanager(request, response, callback, exchange);
        } else {
          methodNotAllowed(response, callback, exchange, HttpMethod.POST);
        }
      }
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
      default -> respond(response, callback, exchange, HttpStatus.NOT_FOUND_404, error("not found"));
    }
  }

  private void receiveAlertmanager(Request request, Response response, Callback callback, Exchange exchange) {
    AuthDecision auth = tokens.check(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (auth != AuthDecision.ACCEPTED) {
      // The reason stays in the debug log: telling a caller why helps only an attacker.
      LOG.debug("request {} not authenticated: {}", exchange.id, auth);
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      respond(response, callback, exchange, HttpStatus.UNAUTHORIZED_401, error("unauthorized"));
      return;
    }
    if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      respond(response, callback, exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          error("unsupported media type: expected application/json"));
      return;
    }
    if (request.getLength() > maxBodyBytes) {
      payloadTooLarge(response, callback, exchange);
      return;
    }
    Content.Source.asByteArrayAsync(new LimitedContentSource(request, maxBodyBytes), maxBodyBytes,
        Promise.Invocable.from(InvocationType.NON_BLOCKING, (body, failure) -> {
          try {
            if (failure instanceof BodyTooLargeException) {
              payloadTooLarge(response, callback, exchange);
            } else if (failure != null) {
              LOG.info("request {} {} {}: reading the body failed: {}", exchange.id, exchange.method,
                  exchange.loggablePath(), failure.toString());
              callback.failed(failure);
            } else {
              onBody(body, response, callback, exchange);
            }
          } catch (RuntimeException e) {
            LOG.error("request {} failed", exchange.id, e);
            respond(response, callback, exchange, HttpStatus.INTERNAL_SERVER_ERROR_500, error("internal error"));
          }
        }));
  }

  private void onBody(byte[] body, Response response, Callback callback, Exchange exchange) {
    ParseResult result = parser.parse(body);
    if (result instanceof ParseResult.Rejected rejected) {
      ObjectNode json = error(rejected.reason() == ParseResult.RejectReason.TOO_MANY_ALERTS
          ? "too many alerts" : "invalid payload");
      ArrayNode problems = json.putArray("problems");
      rejected.problems().forEach(problems::add);
      exchange.detail = "rejected " + rejected.reason() + " with " + rejected.problems().size() + " problem(s)";
      respond(response, callback, exchange, HttpStatus.BAD_REQUEST_400, json);
      return;
    }
    WebhookMessage message = ((ParseResult.Parsed) result).message();
    if (message.truncatedAlerts() > 0) {
      LOG.warn("request {}: Alertmanager left out {} alert(s) of group {} (max_alerts); they are not ingested",
          exchange.id, message.truncatedAlerts(), message.groupKey());
    }
    List<Alert> alerts = AlertmanagerAlerts.toAlerts(message, clock.instant(), exchange.id);
    exchange.alerts = alerts.size();
    CompletableFuture<Void> published;
    try {
      published = publisher.publish(alerts);
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    published.whenComplete((ignored, failure) -> {
      if (failure == null) {
        respond(response, callback, exchange, HttpStatus.OK_200, MAPPER.createObjectNode()
            .put("status", "accepted")
            .put("alerts", alerts.size())
            .put("requestId", exchange.id));
      } else {
        String reason = describe(failure);
        exchange.detail = "publishing failed: " + reason;
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        respond(response, callback, exchange, HttpStatus.SERVICE_UNAVAILABLE_503,
            error("kafka unavailable: " + reason));
      }
    });
  }

  private void payloadTooLarge(Response response, Callback callback, Exchange exchange) {
    respond(response, callback, exchange, HttpStatus.PAYLOAD_TOO_LARGE_413,
        error("payload too large: the limit is " + maxBodyBytes + " bytes"));
  }

  private void methodNotAllowed(Response response, Callback callback, Exchange exchange, HttpMethod allowed) {
    response.getHeaders().put(HttpHeader.ALLOW, allowed.asString());
    respond(response, callback, exchange, HttpStatus.METHOD_NOT_ALLOWED_405, error("method not allowed"));
  }

  private static void respond(Response response, Callback callback, Exchange exchange, int status, ObjectNode body) {
    if (!exchange.responded.compareAndSet(false, true)) {
      LOG.warn("request {}: a second response ({}) was suppressed", exchange.id, status);
      return;
    }
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      bytes = "{\"error\":\"internal error\"}".getBytes(StandardCharsets.UTF_8);
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    exchange.log(status);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  private static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  /** A short, secret-free reason for a publishing failure, suitable for a response body. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
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
    final AtomicBoolean responded = new AtomicBoolean();
    volatile boolean quiet;
    volatile int alerts = -1;
    volatile String detail;

    Exchange(String id, String method, String path, long startNanos) {
      this.id = id;
      this.method = method;
      this.path = path == null ? "" : path;
      this.startNanos = startNanos;
    }

    String loggablePath() {
      String clean = CONTROL.matcher(path).replaceAll("?");
      return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    void log(int status) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      String alertCount = alerts < 0 ? "-" : Integer.toString(alerts);
      String suffix = detail == null ? "" : " (" + detail + ")";
      if (quiet) {
        // Probes arrive every few seconds; at INFO they would drown the webhook lines.
        LOG.debug("request {} {} {} -> {} in {} ms", id, method, loggablePath(), status, millis);
      } else if (status >= HttpStatus.INTERNAL_SERVER_ERROR_500) {
        LOG.warn("request {} {} {} -> {} alerts={} in {} ms{}", id, method, loggablePath(), status, alertCount, millis,
            suffix);
      } else {
        LOG.info("request {} {} {} -> {} alerts={} in {} ms{}", id, method, loggablePath(), status, alertCount, millis,
            suffix);
      }
    }
  }
}
