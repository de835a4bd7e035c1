package dev.tocsin.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.auth.Scope;
import dev.tocsin.api.commands.ApiCommands;
import dev.tocsin.api.query.IncidentQuery;
import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.api.readmodel.ReadModel;
import dev.tocsin.api.review.ErrorBudgets;
import dev.tocsin.api.review.IncidentFigures;
import dev.tocsin.api.review.ReviewDraft;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.publish.CommandPublisher;
import dev.tocsin.ops.http.BodyTooLargeException;
import dev.tocsin.ops.http.LimitedContentSource;
import dev.tocsin.ops.http.RequestIds;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident API's routes under {@code /api/v1/incidents} (and the playbooks' {@code /api/incidents}
 * and {@code /api/status}): reads from the {@link ReadModel}, writes as commands through the
 * {@link CommandPublisher}, answered once Kafka acknowledged them and — within a bounded wait — once
 * the engine's change is visible. Any other path is left to the next handler (it answers
 * {@code false}), so ingest and the API share one port. Non-blocking; thread-safe.
 */
public final class ApiHandler extends Handler.Abstract.NonBlocking implements org.eclipse.jetty.util.component.Graceful {
  public static final String BASE = "/api/v1/incidents";
  /** The playbooks' spelling of the same collection. */
  public static final String PLAYBOOK_BASE = "/api/incidents";
  public static final String STATUS_PATH = "/api/status";
  public static final String FIGURES_PATH = "/api/v1/metrics/summary";
  public static final String SLOS_PATH = "/api/v1/slos";
  public static final String OPENAPI_PATH = "/api/openapi.json";
  /**
   * Every route, as the OpenAPI document names it (a test holds the two together). The playbook
   * spellings ({@code /api/incidents}, {@code /api/incidents/{id}}) are aliases of the first four.
   */
  public static final List<String> ROUTES = List.of(
      "GET /api/v1/incidents", "POST /api/v1/incidents",
      "GET /api/v1/incidents/{id}", "PATCH /api/v1/incidents/{id}", "PUT /api/v1/incidents/{id}",
      "GET /api/v1/incidents/{id}/timeline", "GET /api/v1/incidents/{id}/review",
      "POST /api/v1/incidents/{id}/acknowledge", "POST /api/v1/incidents/{id}/resolve",
      "POST /api/v1/incidents/{id}/notes", "POST /api/v1/incidents/{id}/false-positive",
      "POST /api/v1/incidents/{id}/reopen", "GET /api/v1/incidents/stream",
      "GET /api/v1/metrics/summary", "GET /api/v1/slos", "GET /api/status", "GET /api/openapi.json");
  /** How often an idle event stream gets a comment, so proxies and idle timeouts keep it open. */
  static final Duration PING_EVERY = Duration.ofSeconds(15);
  private static final Duration DEFAULT_FIGURES_PERIOD = Duration.ofDays(30);
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final String CHALLENGE = "Bearer realm=\"tocsin\", Basic realm=\"tocsin\"";
  private static final int MAX_IDEMPOTENCY_KEY = 200;

  private final ReadModel model;
  private final ApiKeys keys;
  private final ApiCommands commands;
  private final CommandPublisher publisher;
  private final Duration wait;
  private final int maxBodyBytes;
  private final Clock clock;
  private final java.util.function.BooleanSupplier ready;
  private final List<ErrorBudgets.Objective> objectives;
  /** The console's session, which reads (GET) accept too: its script streams and refreshes the list. */
  private final java.util.function.Function<Request, Optional<ApiKeys.Caller>> sessions;
  private final java.util.concurrent.ScheduledExecutorService pinger;
  private final java.util.Set<SseStream> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;
  private final IncidentJson json = new IncidentJson(MAPPER, BASE);

  /**
   * @param wait how long a write waits for the engine's change to become visible before it is
   *     answered 202 (accepted, not yet applied)
   */
  public ApiHandler(ReadModel model, ApiKeys keys, ApiCommands commands, CommandPublisher publisher, Duration wait,
      int maxBodyBytes, Clock clock, java.util.function.BooleanSupplier ready, List<ErrorBudgets.Objective> objectives,
      java.util.function.Function<Request, Optional<ApiKeys.Caller>> sessions) {
    this.sessions = sessions;
    this.ready = ready;
    this.objectives = List.copyOf(objectives);
    this.pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "incident-api-stream-pings");
      thread.setDaemon(true);
      return thread;
    });
    this.model = model;
    this.keys = keys;
    this.commands = commands;
    this.publisher = publisher;
    this.wait = wait;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  /** Whether {@code path} is one of the API's. */
  public static boolean serves(String path) {
    return path != null && (path.equals(STATUS_PATH) || path.equals(FIGURES_PATH) || path.equals(SLOS_PATH)
        || path.equals(OPENAPI_PATH) || under(path, BASE) || under(path, PLAYBOOK_BASE));
  }

  private static boolean under(String path, String base) {
    return path.equals(base) || path.startsWith(base + "/");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!serves(path)) {
      return false;
    }
    Exchange exchange = new Exchange(RequestIds.of(request.getHeaders().get("X-Request-Id")), response, callback);
    response.getHeaders().put("X-Request-Id", exchange.id);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    try {
      route(request, path, exchange);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", exchange.id, e);
      exchange.error(HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error", List.of());
    }
    return true;
  }

  private void route(Request request, String path, Exchange exchange) {
    List<String> authorizations = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
    ApiKeys.Verdict verdict = keys.check(authorizations);
    if (verdict instanceof ApiKeys.Refused && authorizations.isEmpty() && HttpMethod.GET.is(request.getMethod())) {
      Optional<ApiKeys.Caller> session = sessions.apply(request);
      if (session.isPresent()) {
        verdict = session.get();
      }
    }
    if (verdict instanceof ApiKeys.Refused refused) {
      LOG.debug("request {} not authenticated: {}", exchange.id, refused.why());
      exchange.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
      exchange.response.getHeaders().put(HttpHeader.CONNECTION, "close");
      exchange.error(HttpStatus.UNAUTHORIZED_401, "unauthorized", List.of());
      return;
    }
    ApiKeys.Caller caller = (ApiKeys.Caller) verdict;
    if (!ready.getAsBoolean()) {
      exchange.response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
      exchange.error(HttpStatus.SERVICE_UNAVAILABLE_503, "the incident read model is still loading", List.of());
      return;
    }
    String method = request.getMethod();
    if (path.equals(STATUS_PATH) || path.equals(FIGURES_PATH) || path.equals(SLOS_PATH)
        || path.equals(OPENAPI_PATH)) {
      if (allowed(exchange, method, caller, HttpMethod.GET)) {
        switch (path) {
          case STATUS_PATH -> status(exchange);
          case FIGURES_PATH -> figures(request, exchange);
          case SLOS_PATH -> slos(exchange);
          default -> openApi(exchange);
        }
      }
      return;
    }
    String rest = path.startsWith(BASE) ? path.substring(BASE.length()) : path.substring(PLAYBOOK_BASE.length());
    String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
    if (parts.length == 0) {
      if (HttpMethod.GET.is(method) && allowed(exchange, method, caller, HttpMethod.GET, HttpMethod.POST)) {
        list(request, exchange);
      } else if (allowed(exchange, method, caller, HttpMethod.GET, HttpMethod.POST)) {
        withBody(request, exchange, body -> create(request, exchange, caller, body));
      }
      return;
    }
    if (parts.length == 1 && parts[0].equals("stream")) {
      if (allowed(exchange, method, caller, HttpMethod.GET)) {
        stream(request, exchange);
      }
      return;
    }
    Optional<String> id = IncidentIds.normalize(parts[0]);
    if (id.isEmpty() || parts.length > 2) {
      exchange.error(HttpStatus.NOT_FOUND_404, "not found", List.of());
      return;
    }
    String incidentId = id.get();
    if (parts.length == 1) {
      if (HttpMethod.GET.is(method) && allowed(exchange, method, caller, HttpMethod.GET, HttpMethod.PATCH,
          HttpMethod.PUT)) {
        get(exchange, incidentId);
      } else if (allowed(exchange, method, caller, HttpMethod.GET, HttpMethod.PATCH, HttpMethod.PUT)) {
        withBody(request, exchange, body -> update(request, exchange, caller, incidentId, body));
      }
      return;
    }
    switch (parts[1]) {
      case "timeline" -> {
        if (allowed(exchange, method, caller, HttpMethod.GET)) {
          timeline(exchange, incidentId);
        }
      }
      case "review" -> {
        if (allowed(exchange, method, caller, HttpMethod.GET)) {
          review(request, exchange, incidentId);
        }
      }
      default -> {
        Optional<ApiCommands.Action> action = ApiCommands.Action.named(parts[1]);
        if (action.isEmpty()) {
          exchange.error(HttpStatus.NOT_FOUND_404, "not found", List.of());
        } else if (allowed(exchange, method, caller, HttpMethod.POST)) {
          withBody(request, exchange, body -> act(request, exchange, caller, incidentId, action.get(), body));
        }
      }
    }
  }

  /** Answers 405 for another method and 403 when the key lacks the method's scope; true when neither. */
  private static boolean allowed(Exchange exchange, String method, ApiKeys.Caller caller, HttpMethod... methods) {
    boolean known = false;
    for (HttpMethod m : methods) {
      known |= m.is(method);
    }
    if (!known) {
      exchange.response.getHeaders().put(HttpHeader.ALLOW,
          String.join(", ", java.util.Arrays.stream(methods).map(HttpMethod::asString).toList()));
      exchange.error(HttpStatus.METHOD_NOT_ALLOWED_405, "method not allowed", List.of());
      return false;
    }
    Scope needed = HttpMethod.GET.is(method) ? Scope.READ : Scope.WRITE;
    if (!caller.may(needed)) {
      exchange.error(HttpStatus.FORBIDDEN_403, "forbidden: this API key lacks the scope " + needed.id(), List.of());
      return false;
    }
    return true;
  }

  private void list(Request request, Exchange exchange) {
    Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
    Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    for (Fields.Field field : fields) {
      parameters.put(field.getName(), field.getValues());
    }
    IncidentQuery.Parsed parsed = IncidentQuery.parse(parameters, commands.aliases());
    if (parsed instanceof IncidentQuery.Invalid invalid) {
      exchange.error(HttpStatus.BAD_REQUEST_400, "invalid query", invalid.problems());
      return;
    }
    IncidentQuery query = ((IncidentQuery.Valid) parsed).query();
    List<IncidentSummary> page = model.catalog().page(query, query.after(), query.limit());
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode items = body.putArray("incidents");
    page.stream().limit(query.limit()).forEach(s -> items.add(json.summary(s)));
    if (page.size() > query.limit()) {
      String cursor = IncidentQuery.cursorAfter(page.get(query.limit() - 1));
      body.put("next_cursor", cursor);
      body.put("next", nextLink(request, cursor));
    } else {
      body.putNull("next_cursor");
      body.putNull("next");
    }
    exchange.json(HttpStatus.OK_200, body);
  }

  private static String nextLink(Request request, String cursor) {
    StringBuilder link = new StringBuilder(Request.getPathInContext(request)).append("?");
    Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    for (Fields.Field field : fields) {
      if (!field.getName().equals("cursor")) {
        for (String value : field.getValues()) {
          link.append(encode(field.getName())).append('=').append(encode(value)).append('&');
        }
      }
    }
    return link.append("cursor=").append(cursor).toString();
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private void get(Exchange exchange, String id) {
    Optional<Incident> incident = model.incident(id);
    if (incident.isEmpty()) {
      exchange.error(HttpStatus.NOT_FOUND_404, "no incident " + id, List.of());
    } else {
      exchange.json(HttpStatus.OK_200, json.incident(incident.get()));
    }
  }

  private void timeline(Exchange exchange, String id) {
    if (model.catalog().get(id).isEmpty()) {
      exchange.error(HttpStatus.NOT_FOUND_404, "no incident " + id, List.of());
      return;
    }
    ObjectNode body = MAPPER.createObjectNode().put("incident_id", id);
    ArrayNode events = body.putArray("events");
    model.timeline(id).forEach(e -> events.add(json.event(e)));
    exchange.json(HttpStatus.OK_200, body);
  }

  private void status(Exchange exchange) {
    List<IncidentSummary> open = model.catalog().all(IncidentSummary::open);
    Severity worst = open.stream().map(IncidentSummary::severity).min(Enum::compareTo).orElse(null);
    String indicator = worst == null ? "none" : switch (worst) {
      case P0 -> "critical";
      case P1 -> "major";
      default -> "minor";
    };
    String description = worst == null ? "All Systems Operational" : switch (worst) {
      case P0 -> "Major System Outage";
      case P1 -> "Partial System Outage";
      default -> "Minor Service Disruption";
    };
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("status").put("indicator", indicator).put("description", description);
    ArrayNode incidents = body.putArray("open_incidents");
    open.forEach(s -> incidents.add(json.summary(s)));
    body.put("updated_at", clock.instant().toString());
    exchange.json(HttpStatus.OK_200, body);
  }

  private void review(Request request, Exchange exchange, String id) {
    Optional<Incident> incident = model.incident(id);
    if (incident.isEmpty()) {
      exchange.error(HttpStatus.NOT_FOUND_404, "no incident " + id, List.of());
      return;
    }
    ReviewDraft draft = ReviewDraft.of(incident.get(), model.timeline(id));
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json")) {
      ObjectNode body = MAPPER.createObjectNode().put("incident_id", id);
      ObjectNode times = body.putObject("key_times");
      times.put("detected", draft.detected().toString());
      times.put("opened", draft.opened().toString());
      times.put("acknowledged", draft.acknowledged() == null ? null : draft.acknowledged().toString());
      times.put("mitigated", draft.mitigated() == null ? null : draft.mitigated().toString());
      times.put("resolved", draft.resolved() == null ? null : draft.resolved().toString());
      body.put("mttd_seconds", draft.timeToDetect().toMillis() / 1000.0);
      seconds(body, "mtta_seconds", draft.timeToAcknowledge().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
      seconds(body, "mttr_seconds", draft.timeToResolve().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
      body.put("markdown", draft.markdown());
      exchange.json(HttpStatus.OK_200, body);
    } else {
      exchange.response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "inline; filename=\"" + id + "-review.md\"");
      exchange.text(HttpStatus.OK_200, "text/markdown; charset=utf-8", draft.markdown());
    }
  }

  private void figures(Request request, Exchange exchange) {
    Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    for (Fields.Field field : fields) {
      if (!List.of("since", "until", "severity").contains(field.getName())) {
        problems.add("query." + field.getName() + ": unknown parameter (expected since, until, severity)");
      }
    }
    java.time.Instant until = instant(fields, "until", problems);
    until = until == null ? clock.instant() : until;
    java.time.Instant since = instant(fields, "since", problems);
    since = since == null ? until.minus(DEFAULT_FIGURES_PERIOD) : since;
    java.util.Set<Severity> severities = java.util.EnumSet.noneOf(Severity.class);
    for (String value : values(fields, "severity")) {
      commands.aliases().parse(value).ifPresentOrElse(severities::add,
          () -> problems.add("query.severity: '" + value + "' is not a severity"));
    }
    if (!problems.isEmpty()) {
      exchange.error(HttpStatus.BAD_REQUEST_400, "invalid query", problems);
      return;
    }
    List<IncidentSummary> incidents = model.catalog().all(s -> severities.isEmpty() || severities.contains(s.severity()));
    IncidentFigures figures = IncidentFigures.of(incidents, since, until);
    ObjectNode body = MAPPER.createObjectNode().put("since", figures.since().toString())
        .put("until", figures.until().toString());
    stats(body, figures.all());
    ObjectNode bySeverity = body.putObject("by_severity");
    figures.bySeverity().forEach((severity, stats) -> stats(bySeverity.putObject(severity.name()), stats));
    ObjectNode byService = body.putObject("by_service");
    figures.byService().forEach((service, stats) -> {
      ObjectNode node = byService.putObject(service).put("incidents", stats.incidents());
      seconds(node, "mtbf_seconds", stats.mtbfSeconds());
    });
    exchange.json(HttpStatus.OK_200, body);
  }

  private static void stats(ObjectNode node, IncidentFigures.Stats stats) {
    node.put("incidents", stats.incidents()).put("false_positives", stats.falsePositives());
    seconds(node, "false_positive_rate", stats.falsePositiveRate());
    seconds(node, "mttd_seconds", stats.mttdSeconds());
    seconds(node, "mtta_seconds", stats.mttaSeconds());
    seconds(node, "mttr_seconds", stats.mttrSeconds());
  }

  private static void seconds(ObjectNode node, String field, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(field);
    } else {
      node.put(field, Math.round(value * 1000) / 1000.0);
    }
  }

  private static java.time.Instant instant(Fields fields, String name, List<String> problems) {
    List<String> values = values(fields, name);
    if (values.isEmpty()) {
      return null;
    }
    try {
      return java.time.Instant.parse(values.get(0).strip());
    } catch (java.time.format.DateTimeParseException e) {
      problems.add("query." + name + ": '" + values.get(0) + "' is not an RFC 3339 time such as 2026-12-01T09:30:00Z");
      return null;
    }
  }

  /** Jetty's values of a parameter, empty when it is absent (Jetty answers null). */
  private static List<String> values(Fields fields, String name) {
    List<String> values = fields.getValues(name);
    return values == null ? List.of() : values;
  }

  private void slos(Exchange exchange) {
    java.time.Instant now = clock.instant();
    List<IncidentSummary> incidents = model.catalog().all(s -> true);
    ObjectNode body = MAPPER.createObjectNode().put("at", now.toString());
    ArrayNode list = body.putArray("slos");
    for (ErrorBudgets.Objective objective : objectives) {
      ErrorBudgets.Budget budget = ErrorBudgets.of(objective, incidents, now);
      ObjectNode node = list.addObject().put("service", objective.service())
          .put("objective_percent", objective.objectivePercent())
          .put("window", dev.tocsin.schemas.config.Durations.format(objective.window()));
      ArrayNode counted = node.putArray("counted_severities");
      objective.countedSeverities().stream().sorted().forEach(sev -> counted.add(sev.name()));
      node.put("allowed_downtime_seconds", budget.allowed().toMillis() / 1000.0)
          .put("consumed_downtime_seconds", budget.consumed().toMillis() / 1000.0)
          .put("remaining_seconds", budget.remaining().toMillis() / 1000.0)
          .put("incidents", budget.incidents());
      seconds(node, "budget_consumed_percent", budget.consumedPercent());
      seconds(node, "actual_uptime_percent", budget.actualUptimePercent());
    }
    exchange.json(HttpStatus.OK_200, body);
  }

  private void openApi(Exchange exchange) {
    exchange.text(HttpStatus.OK_200, "application/json", OpenApi.document());
  }

  /**
   * Server-Sent Events: one {@code incident} event per change (the incident's summary), with an id
   * made of its update time, id and timeline position, so a client that reconnects with
   * {@code Last-Event-ID} — to this instance or another — gets every incident changed since.
   */
  private void stream(Request request, Exchange exchange) {
    Response response = exchange.response;
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put("X-Accel-Buffering", "no");
    exchange.claim();
    SseStream stream = new SseStream(response, exchange.callback);
    streams.add(stream);
    stream.offer("retry: 3000\n\n");
    String lastEventId = request.getHeaders().get("Last-Event-ID");
    java.time.Instant resumeFrom = StreamIds.time(lastEventId);
    // Subscribed before the replay: a change in between is sent twice rather than lost.
    AutoCloseable subscription = model.catalog().subscribe(summary -> send(stream, summary));
    if (resumeFrom != null) {
      model.catalog().changedSince(resumeFrom).stream().filter(s -> !StreamIds.of(s).equals(lastEventId))
          .forEach(summary -> send(stream, summary));
    }
    var ping = pinger.scheduleAtFixedRate(() -> stream.offer(": ping\n\n"), PING_EVERY.toMillis(),
        PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    stream.onClose(() -> {
      ping.cancel(false);
      streams.remove(stream);
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.debug("unsubscribing a closed stream failed", e);
      }
    });
  }

  private void send(SseStream stream, IncidentSummary summary) {
    try {
      stream.event(StreamIds.of(summary), "incident", MAPPER.writeValueAsString(json.summary(summary)));
    } catch (JsonProcessingException e) {
      LOG.warn("incident {} could not be streamed: {}", summary.id(), e.getMessage());
    }
  }

  /** Ends every open event stream and stops the pings (the server is stopping). */
  public void close() {
    shuttingDown = true;
    pinger.shutdownNow();
    streams.forEach(SseStream::close);
  }

  /** Called as the server begins to stop: open streams end, so the graceful stop does not wait for them. */
  @Override
  public CompletableFuture<Void> shutdown() {
    close();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean isShutdown() {
    return shuttingDown;
  }

  private void create(Request request, Exchange exchange, ApiKeys.Caller caller, JsonNode body) {
    String commandId = commandId(request, caller, exchange);
    if (commandId == null) {
      return;
    }
    ApiCommands.Outcome outcome = commands.create(body, commandId, caller.name(), clock.instant());
    if (outcome instanceof ApiCommands.Invalid invalid) {
      exchange.error(HttpStatus.BAD_REQUEST_400, "invalid incident", invalid.problems());
      return;
    }
    String id = IncidentIds.manual(commandId);
    publishThenAwait(exchange, ((ApiCommands.Commands) outcome).commands(), id, summary -> true,
        HttpStatus.CREATED_201);
  }

  private void update(Request request, Exchange exchange, ApiKeys.Caller caller, String id, JsonNode body) {
    Optional<IncidentSummary> current = model.catalog().get(id);
    if (current.isEmpty()) {
      exchange.error(HttpStatus.NOT_FOUND_404, "no incident " + id, List.of());
      return;
    }
    String commandId = commandId(request, caller, exchange);
    if (commandId == null) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ApiCommands.MAX_COMMANDS_PER_UPDATE; i++) {
      ids.add(commandId + "-" + (i + 1));
    }
    ApiCommands.Outcome outcome = commands.update(id, body, ids, caller.name(), clock.instant());
    if (outcome instanceof ApiCommands.Invalid invalid) {
      exchange.error(HttpStatus.BAD_REQUEST_400, "invalid update", invalid.problems());
      return;
    }
    long before = current.get().eventSeq();
    String groupKey = current.get().groupKey();
    List<IncidentCommand> toPublish = ((ApiCommands.Commands) outcome).commands().stream()
        .map(c -> IncidentCommand.newBuilder(c).setGroupKey(groupKey).build()).toList();
    publishThenAwait(exchange, toPublish, id, s -> s.eventSeq() > before, HttpStatus.OK_200);
  }

  private void act(Request request, Exchange exchange, ApiKeys.Caller caller, String id, ApiCommands.Action action,
      JsonNode body) {
    Optional<IncidentSummary> current = model.catalog().get(id);
    if (current.isEmpty()) {
      exchange.error(HttpStatus.NOT_FOUND_404, "no incident " + id, List.of());
      return;
    }
    String commandId = commandId(request, caller, exchange);
    if (commandId == null) {
      return;
    }
    ApiCommands.Outcome outcome = commands.action(action, id, body, commandId, caller.name(), clock.instant());
    if (outcome instanceof ApiCommands.Invalid invalid) {
      exchange.error(HttpStatus.BAD_REQUEST_400, "invalid request", invalid.problems());
      return;
    }
    long before = current.get().eventSeq();
    String groupKey = current.get().groupKey();
    List<IncidentCommand> toPublish = ((ApiCommands.Commands) outcome).commands().stream()
        .map(c -> IncidentCommand.newBuilder(c).setGroupKey(groupKey).build()).toList();
    publishThenAwait(exchange, toPublish, id, s -> s.eventSeq() > before, HttpStatus.OK_200);
  }

  /**
   * Publishes the commands one after another (an update's order matters), then waits, bounded,
   * for the incident to satisfy {@code applied}: {@code status} with the incident, or 202 with a
   * {@code Location} to poll when the engine has not applied them in time (or found nothing to change).
   */
  private void publishThenAwait(Exchange exchange, List<IncidentCommand> toPublish, String id,
      Predicate<IncidentSummary> applied, int status) {
    CompletableFuture<Void> published = CompletableFuture.completedFuture(null);
    for (IncidentCommand command : toPublish) {
      published = published.thenCompose(ignored -> publisher.publish(command));
    }
    String location = BASE + "/" + id;
    published.whenComplete((ignored, failure) -> {
      if (failure != null) {
        exchange.response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        exchange.error(HttpStatus.SERVICE_UNAVAILABLE_503, "kafka unavailable: the command was not recorded; "
            + "nothing changed", List.of());
        return;
      }
      exchange.response.getHeaders().put(HttpHeader.LOCATION, location);
      model.catalog().when(id, applied).orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((summary, late) -> {
            Optional<Incident> incident = late == null ? model.incident(id) : Optional.empty();
            if (incident.isPresent()) {
              exchange.json(status, json.incident(incident.get()));
            } else {
              ObjectNode body = MAPPER.createObjectNode().put("status", "accepted").put("incident_id", id)
                  .put("message", "recorded; the engine has not shown the change yet: GET " + location);
              ArrayNode ids = body.putArray("command_ids");
              toPublish.forEach(c -> ids.add(c.getCommandId()));
              exchange.json(HttpStatus.ACCEPTED_202, body);
            }
          });
    });
  }

  /**
   * The command id: derived from the caller's {@code Idempotency-Key} (the same key and request
   * give the same id, so a retried create opens one incident), else random. Null once answered 400.
   */
  private static String commandId(Request request, ApiKeys.Caller caller, Exchange exchange) {
    List<String> given = request.getHeaders().getValuesList(IDEMPOTENCY_KEY_HEADER);
    if (given.isEmpty()) {
      return "api-" + UUID.randomUUID();
    }
    String key = given.get(0);
    if (given.size() > 1 || key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY) {
      exchange.error(HttpStatus.BAD_REQUEST_400, "invalid request", List.of("header." + IDEMPOTENCY_KEY_HEADER
          + ": must be given once, 1 to " + MAX_IDEMPOTENCY_KEY + " characters"));
      return null;
    }
    String scope = caller.name() + "\n" + request.getMethod() + " " + Request.getPathInContext(request) + "\n" + key;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(scope.getBytes(StandardCharsets.UTF_8));
      return "api-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Reads the body (bounded) and parses it as JSON whatever its Content-Type: curl -d says form-urlencoded. */
  private void withBody(Request request, Exchange exchange, java.util.function.Consumer<JsonNode> then) {
    if (request.getLength() > maxBodyBytes) {
      exchange.response.getHeaders().put(HttpHeader.CONNECTION, "close");
      exchange.error(HttpStatus.PAYLOAD_TOO_LARGE_413, "payload too large: the limit is " + maxBodyBytes + " bytes",
          List.of());
      return;
    }
    Content.Source.asByteArrayAsync(new LimitedContentSource(request, maxBodyBytes), maxBodyBytes,
        Promise.Invocable.from(InvocationType.NON_BLOCKING, (read, failure) -> {
          try {
            if (failure instanceof BodyTooLargeException) {
              exchange.response.getHeaders().put(HttpHeader.CONNECTION, "close");
              exchange.error(HttpStatus.PAYLOAD_TOO_LARGE_413, "payload too large: the limit is " + maxBodyBytes
                  + " bytes", List.of());
            } else if (failure != null) {
              exchange.response.getHeaders().put(HttpHeader.CONNECTION, "close");
              exchange.error(HttpStatus.BAD_REQUEST_400, "request body could not be read", List.of());
            } else if (read.length == 0 || new String(read, StandardCharsets.UTF_8).isBlank()) {
              then.accept(null);
            } else {
              JsonNode body;
              try {
                body = MAPPER.readTree(read);
              } catch (JsonProcessingException e) {
                exchange.error(HttpStatus.BAD_REQUEST_400, "invalid request", List.of("body: not JSON: "
                    + e.getOriginalMessage()));
                return;
              } catch (java.io.IOException e) {
                exchange.error(HttpStatus.BAD_REQUEST_400, "invalid request", List.of("body: not JSON"));
                return;
              }
              then.accept(body);
            }
          } catch (RuntimeException e) {
            LOG.error("request {} failed", exchange.id, e);
            exchange.error(HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error", List.of());
          }
        }));
  }

  /** One request's response, written once. */
  private static final class Exchange {
    final String id;
    final Response response;
    final Callback callback;
    private final java.util.concurrent.atomic.AtomicBoolean responded = new java.util.concurrent.atomic.AtomicBoolean();

    Exchange(String id, Response response, Callback callback) {
      this.id = id;
      this.response = response;
      this.callback = callback;
    }

    void error(int status, String message, List<String> problems) {
      ObjectNode body = MAPPER.createObjectNode().put("error", message);
      if (!problems.isEmpty()) {
        ArrayNode list = body.putArray("problems");
        problems.forEach(list::add);
      }
      json(status, body);
    }

    /** Takes the response over (a stream writes it itself): nothing else answers it. */
    void claim() {
      responded.set(true);
    }

    void text(int status, String contentType, String text) {
      if (!responded.compareAndSet(false, true)) {
        return;
      }
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }

    void json(int status, ObjectNode body) {
      String text;
      try {
        text = MAPPER.writeValueAsString(body);
      } catch (JsonProcessingException e) {
        status = HttpStatus.INTERNAL_SERVER_ERROR_500;
        text = "{\"error\":\"internal error\"}";
      }
      if (!responded.compareAndSet(false, true)) {
        return;
      }
      if (status >= 500) {
        LOG.warn("request {} -> {}: {}", id, status, text);
      }
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
  }
}
