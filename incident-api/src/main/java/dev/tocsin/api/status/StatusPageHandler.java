package dev.tocsin.api.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.api.readmodel.ReadModel;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public status page, no login: {@code /status} (HTML, no JavaScript needed), its Atom feed
 * {@code /status/history.atom}, and Statuspage's public API shapes under {@code /api/v2/*.json}, so
 * existing widgets and scripts work. Every answer is rendered once per change of the incidents (or
 * once a minute, as time moves the uptime bars) and served with an ETag, so a flood of readers costs
 * a hash lookup each. Only public fields leave: titles, public status, impact, components and posted
 * updates. Thread-safe.
 */
public final class StatusPageHandler extends Handler.Abstract.NonBlocking {
  public static final String PAGE_PATH = "/status";
  public static final String FEED_PATH = "/status/history.atom";
  public static final List<String> JSON_PATHS = List.of("/api/v2/summary.json", "/api/v2/status.json",
      "/api/v2/components.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json",
      "/api/v2/scheduled-maintenances.json");
  private static final Logger LOG = LoggerFactory.getLogger(StatusPageHandler.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final int HISTORY_LIMIT = 50;

  private final ReadModel model;
  private final StatusPageConfig config;
  private final Clock clock;
  private final BooleanSupplier ready;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private volatile Rendered cached;

  /** Everything served, for one version of the catalogue and one minute. */
  private record Rendered(long version, long minute, Map<String, Body> bodies, Instant lastModified) {
  }

  private record Body(String contentType, byte[] bytes, String etag) {
  }

  public StatusPageHandler(ReadModel model, StatusPageConfig config, Clock clock, BooleanSupplier ready) {
    this.model = model;
    this.config = config;
    this.clock = clock;
    this.ready = ready;
  }

  /** Whether {@code path} is the status page's. */
  public static boolean serves(String path) {
    return PAGE_PATH.equals(path) || (PAGE_PATH + "/").equals(path) || FEED_PATH.equals(path)
        || JSON_PATHS.contains(path);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!serves(path)) {
      return false;
    }
    try {
      if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        write(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "application/json",
            "{\"error\":\"method not allowed\"}".getBytes(StandardCharsets.UTF_8), false);
        return true;
      }
      if (!ready.getAsBoolean()) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        write(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "text/plain; charset=utf-8",
            "The status page is loading; try again in a few seconds.".getBytes(StandardCharsets.UTF_8), false);
        return true;
      }
      Rendered rendered = rendered();
      Body body = rendered.bodies().get(path.equals(PAGE_PATH + "/") ? PAGE_PATH : path);
      response.getHeaders().put(HttpHeader.ETAG, body.etag());
      response.getHeaders().put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(rendered.lastModified()));
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=15");
      if (path.startsWith("/api/")) {
        response.getHeaders().put("Access-Control-Allow-Origin", "*");
      }
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
          + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      String match = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
      if (match != null && (match.contains(body.etag()) || match.strip().equals("*"))) {
        write(response, callback, HttpStatus.NOT_MODIFIED_304, body.contentType(), new byte[0], false);
      } else {
        write(response, callback, HttpStatus.OK_200, body.contentType(), body.bytes(),
            HttpMethod.HEAD.is(request.getMethod()));
      }
    } catch (RuntimeException e) {
      LOG.error("status page request failed", e);
      write(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "text/plain; charset=utf-8",
          "internal error".getBytes(StandardCharsets.UTF_8), false);
    }
    return true;
  }

  private static void write(Response response, Callback callback, int status, String contentType, byte[] bytes,
      boolean headOnly) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (headOnly) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }

  private Rendered rendered() {
    Instant now = clock.instant();
    long version = model.catalog().version();
    long minute = now.getEpochSecond() / 60;
    Rendered known = cached;
    if (known != null && known.version() == version && known.minute() == minute) {
      return known;
    }
    Rendered fresh = render(now, version, minute);
    cached = fresh;
    return fresh;
  }

  private Rendered render(Instant now, long version, long minute) {
    List<IncidentSummary> incidents = model.catalog().all(s -> true);
    StatusView view = StatusView.of(config, incidents, now);
    List<PublicIncident> active = view.active().stream().map(s -> publicIncident(view, s)).toList();
    List<PublicIncident> history = view.history().stream().limit(HISTORY_LIMIT).map(s -> publicIncident(view, s))
        .toList();
    Instant lastModified = incidents.stream().filter(s -> !view.componentsOf(s).isEmpty())
        .map(IncidentSummary::updatedAt).max(Instant::compareTo).orElse(now.minusSeconds(now.getEpochSecond() % 60));
    lastModified = Instant.ofEpochSecond(Math.max(lastModified.getEpochSecond(), minute * 60));
    StringOutput html = new StringOutput();
    templates.render("status/page.jte", StatusPageModel.of(view, active, history), html);
    Map<String, Body> bodies = new java.util.HashMap<>();
    bodies.put(PAGE_PATH, body("text/html; charset=utf-8", html.toString()));
    bodies.put(FEED_PATH, body("application/atom+xml; charset=utf-8", AtomFeed.of(config, active, history, now)));
    StatuspageJson json = new StatuspageJson(MAPPER, view, active, history);
    bodies.put("/api/v2/summary.json", json(json.summary()));
    bodies.put("/api/v2/status.json", json(json.status()));
    bodies.put("/api/v2/components.json", json(json.components()));
    bodies.put("/api/v2/incidents.json", json(json.incidents(false)));
    bodies.put("/api/v2/incidents/unresolved.json", json(json.incidents(true)));
    bodies.put("/api/v2/scheduled-maintenances.json", json(json.maintenances()));
    return new Rendered(version, minute, Map.copyOf(bodies), lastModified);
  }

  private PublicIncident publicIncident(StatusView view, IncidentSummary summary) {
    return PublicIncident.of(summary, view.componentsOf(summary).stream().map(StatusPageConfig.Component::id)
        .toList(), model.timeline(summary.id()));
  }

  private static Body json(ObjectNode node) {
    try {
      return body("application/json", MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the status JSON", e);
    }
  }

  private static Body body(String contentType, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return new Body(contentType, bytes, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
