package dev.tocsin.api.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import dev.tocsin.ingest.publish.CommandPublisher;
import dev.tocsin.ops.http.BodyTooLargeException;
import dev.tocsin.ops.http.LimitedContentSource;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpCookie;
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
 * The on-call console: {@code /} (incidents, live), {@code /incidents/{id}} (everything about one,
 * and forms to act on it), its review draft, {@code /figures}, {@code /login} and {@code /logout}.
 * Server-rendered (JTE, HTML-escaped); a little script ({@code /console.js}) refreshes the list as
 * the API's event stream reports changes. Logins are API keys or users from tocsin.yml; the session
 * is a signed cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} over TLS); every form
 * carries the session's CSRF token. Actions become the same commands as the API's. Thread-safe.
 */
public final class ConsoleHandler extends Handler.Abstract.NonBlocking {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final int MAX_FORM_BYTES = 64 * 1024;
  private static final String SCRIPT = loadScript();
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final ReadModel model;
  private final ApiKeys keys;
  private final ConsoleUsers users;
  private final Sessions sessions;
  private final ApiCommands commands;
  private final CommandPublisher publisher;
  private final Duration wait;
  private final Clock clock;
  private final BooleanSupplier ready;
  private final List<ErrorBudgets.Objective> objectives;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final LoginThrottle throttle = new LoginThrottle();

  public ConsoleHandler(ReadModel model, ApiKeys keys, ConsoleUsers users, Sessions sessions, ApiCommands commands,
      CommandPublisher publisher, Duration wait, Clock clock, BooleanSupplier ready,
      List<ErrorBudgets.Objective> objectives) {
    this.model = model;
    this.keys = keys;
    this.users = users;
    this.sessions = sessions;
    this.commands = commands;
    this.publisher = publisher;
    this.wait = wait;
    this.clock = clock;
    this.ready = ready;
    this.objectives = List.copyOf(objectives);
  }

  /** Whether {@code path} is the console's. */
  public static boolean serves(String path) {
    return path.equals("/") || path.equals("/login") || path.equals("/logout") || path.equals("/figures")
        || path.equals("/console.js") || path.equals("/fragments/incidents") || path.startsWith("/incidents/");
  }

  /** The session a request carries, if valid: the console's cookie, which the API also accepts for reads. */
  public Optional<ApiKeys.Caller> session(Request request) {
    return sessions.verify(cookie(request), clock.instant());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!serves(path)) {
      return false;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("Content-Security-Policy", CSP);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "same-origin");
    try {
      route(request, response, callback, path);
    } catch (RuntimeException e) {
      LOG.error("console request {} failed", path, e);
      text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "text/plain; charset=utf-8", "internal error");
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback, String path) {
    boolean get = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
    if (path.equals("/console.js")) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
      text(response, callback, HttpStatus.OK_200, "text/javascript; charset=utf-8", SCRIPT);
      return;
    }
    if (path.equals("/login")) {
      if (get) {
        render(response, callback, HttpStatus.OK_200, "console/login.jte", new LoginPage(null, !users.isEmpty()));
      } else {
        readForm(request, response, callback, form -> login(request, response, callback, form));
      }
      return;
    }
    Optional<ApiKeys.Caller> caller = session(request);
    if (caller.isEmpty()) {
      if (path.equals("/fragments/incidents")) {
        text(response, callback, HttpStatus.UNAUTHORIZED_401, "text/plain; charset=utf-8", "log in again");
      } else {
        redirect(response, callback, "/login");
      }
      return;
    }
    if (!ready.getAsBoolean()) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
      text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "text/plain; charset=utf-8",
          "Tocsin is loading its incidents; try again in a few seconds.");
      return;
    }
    String csrf = sessions.csrfToken(cookie(request));
    Viewer viewer = new Viewer(caller.get().name(), caller.get().may(Scope.WRITE), csrf);
    if (!get) {
      readForm(request, response, callback, form -> {
        if (!sessions.csrfValid(cookie(request), first(form, "csrf"))) {
          text(response, callback, HttpStatus.FORBIDDEN_403, "text/plain; charset=utf-8",
              "the form's CSRF token is missing or stale; reload the page and try again");
        } else if (path.equals("/logout")) {
          clearCookie(request, response);
          redirect(response, callback, "/login");
        } else if (path.startsWith("/incidents/")) {
          act(request, response, callback, caller.get(), viewer, path, form);
        } else {
          text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain; charset=utf-8",
              "method not allowed");
        }
      });
      return;
    }
    if (path.equals("/")) {
      list(request, response, callback, viewer, false);
    } else if (path.equals("/fragments/incidents")) {
      list(request, response, callback, viewer, true);
    } else if (path.equals("/figures")) {
      render(response, callback, HttpStatus.OK_200, "console/figures.jte", figures(viewer));
    } else {
      incidentPages(request, response, callback, viewer, path);
    }
  }

  private void login(Request request, Response response, Callback callback, Map<String, List<String>> form) {
    String client = Request.getRemoteAddr(request);
    Optional<Duration> wait = throttle.waitFor(client, clock.instant());
    if (wait.isPresent()) {
      long seconds = Math.max(1, wait.get().toSeconds());
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
      render(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "console/login.jte", new LoginPage(
          "Too many failed logins from your address; try again in " + seconds + " s.", !users.isEmpty()));
      return;
    }
    String key = first(form, "key");
    Optional<ApiKeys.Caller> caller = Optional.empty();
    if (key != null && !key.isBlank()) {
      ApiKeys.Verdict verdict = keys.check(List.of("Bearer " + key.strip()));
      if (verdict instanceof ApiKeys.Caller accepted) {
        caller = Optional.of(accepted);
      }
    } else if (first(form, "user") != null && first(form, "password") != null) {
      caller = users.login(first(form, "user").strip(), first(form, "password").toCharArray());
    }
    if (caller.isEmpty()) {
      throttle.failed(client, clock.instant());
      render(response, callback, HttpStatus.UNAUTHORIZED_401, "console/login.jte",
          new LoginPage("That key, or that name and password, is not known.", !users.isEmpty()));
      return;
    }
    throttle.succeeded(client);
    String value = sessions.issue(caller.get(), clock.instant());
    Response.addCookie(response, HttpCookie.build(Sessions.COOKIE, value).path("/").httpOnly(true)
        .secure(request.isSecure()).sameSite(HttpCookie.SameSite.STRICT).maxAge(Sessions.LIFETIME.toSeconds())
        .build());
    redirect(response, callback, "/");
  }

  private static void clearCookie(Request request, Response response) {
    Response.addCookie(response, HttpCookie.build(Sessions.COOKIE, "").path("/").httpOnly(true)
        .secure(request.isSecure()).sameSite(HttpCookie.SameSite.STRICT).maxAge(0).build());
  }

  private void list(Request request, Response response, Callback callback, Viewer viewer, boolean fragment) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (Fields.Field field : Request.extractQueryParameters(request, StandardCharsets.UTF_8)) {
      if (!field.getValues().stream().allMatch(String::isBlank)) {
        parameters.put(field.getName(), field.getValues().stream().filter(v -> !v.isBlank()).toList());
      }
    }
    IncidentQuery.Parsed parsed = IncidentQuery.parse(parameters, commands.aliases());
    List<String> problems = parsed instanceof IncidentQuery.Invalid invalid ? invalid.problems() : List.of();
    IncidentQuery query = parsed instanceof IncidentQuery.Valid valid ? valid.query()
        : ((IncidentQuery.Valid) IncidentQuery.parse(Map.of(), commands.aliases())).query();
    Instant now = clock.instant();
    List<IncidentSummary> page = model.catalog().page(query, query.after(), query.limit());
    // Open first, then newest: what needs someone now sits at the top.
    List<ListPage.Row> rows = page.stream().limit(query.limit())
        .sorted((a, b) -> Boolean.compare(b.open(), a.open()))
        .map(s -> ListPage.Row.of(s, now)).toList();
    String next = page.size() > query.limit() ? nextLink(parameters, IncidentQuery.cursorAfter(
        page.get(query.limit() - 1))) : null;
    ListPage list = new ListPage(viewer, first(parameters, "status"), first(parameters, "severity"),
        first(parameters, "service"), first(parameters, "q"), problems, rows, next, model.catalog().size());
    render(response, callback, HttpStatus.OK_200, fragment ? "console/rows.jte" : "console/list.jte", list);
  }

  private static String nextLink(Map<String, List<String>> parameters, String cursor) {
    StringBuilder link = new StringBuilder("/?");
    parameters.forEach((name, values) -> {
      if (!name.equals("cursor")) {
        values.forEach(v -> link.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
      }
    });
    return link.append("cursor=").append(cursor).toString();
  }

  private void incidentPages(Request request, Response response, Callback callback, Viewer viewer, String path) {
    String[] parts = path.substring("/incidents/".length()).split("/", -1);
    Optional<String> id = IncidentIds.normalize(parts[0]);
    Optional<Incident> incident = id.flatMap(model::incident);
    if (incident.isEmpty() || parts.length > 2) {
      text(response, callback, HttpStatus.NOT_FOUND_404, "text/plain; charset=utf-8", "no such incident");
      return;
    }
    if (parts.length == 1) {
      String notice = first(queryOf(request), "notice");
      render(response, callback, HttpStatus.OK_200, "console/incident.jte", IncidentPage.of(viewer, incident.get(),
          model.timeline(incident.get().getId()), clock.instant(), notice));
    } else if (parts[1].equals("review")) {
      ReviewDraft draft = ReviewDraft.of(incident.get(), model.timeline(incident.get().getId()));
      render(response, callback, HttpStatus.OK_200, "console/review.jte",
          new ReviewPage(viewer, incident.get().getId(), incident.get().getTitle(), Markdown.toHtml(draft.markdown())));
    } else if (parts[1].equals("review.md")) {
      ReviewDraft draft = ReviewDraft.of(incident.get(), model.timeline(incident.get().getId()));
      response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + incident.get().getId()
          + "-review.md\"");
      text(response, callback, HttpStatus.OK_200, "text/markdown; charset=utf-8", draft.markdown());
    } else {
      text(response, callback, HttpStatus.NOT_FOUND_404, "text/plain; charset=utf-8", "not found");
    }
  }

  /** A form on the incident page: the matching command, then back to the page once the engine applied it. */
  private void act(Request request, Response response, Callback callback, ApiKeys.Caller caller, Viewer viewer,
      String path, Map<String, List<String>> form) {
    String[] parts = path.substring("/incidents/".length()).split("/", -1);
    Optional<String> id = IncidentIds.normalize(parts[0]);
    Optional<IncidentSummary> current = id.flatMap(model.catalog()::get);
    if (current.isEmpty() || parts.length != 2) {
      text(response, callback, HttpStatus.NOT_FOUND_404, "text/plain; charset=utf-8", "no such incident");
      return;
    }
    if (!viewer.canWrite()) {
      text(response, callback, HttpStatus.FORBIDDEN_403, "text/plain; charset=utf-8",
          "this login may read incidents but not change them (scope incidents:write)");
      return;
    }
    String incidentId = current.get().id();
    String commandId = "console-" + UUID.randomUUID();
    ObjectNode body = MAPPER.createObjectNode();
    ApiCommands.Outcome outcome;
    Instant now = clock.instant();
    switch (parts[1]) {
      case "update" -> {
        putIfGiven(body, "update_message", first(form, "message"));
        putIfGiven(body, "status", first(form, "status"));
        outcome = commands.update(incidentId, body, ids(commandId), caller.name(), now);
      }
      case "severity" -> {
        putIfGiven(body, "severity", first(form, "severity"));
        outcome = commands.update(incidentId, body, ids(commandId), caller.name(), now);
      }
      case "assign" -> {
        putIfGiven(body, "assignee", first(form, "assignee"));
        outcome = commands.update(incidentId, body, ids(commandId), caller.name(), now);
      }
      default -> {
        Optional<ApiCommands.Action> action = ApiCommands.Action.named(parts[1]);
        if (action.isEmpty()) {
          text(response, callback, HttpStatus.NOT_FOUND_404, "text/plain; charset=utf-8", "no such action");
          return;
        }
        putIfGiven(body, switch (action.get()) {
          case NOTE -> "message";
          default -> "reason";
        }, first(form, action.get() == ApiCommands.Action.NOTE ? "message" : "reason"));
        ObjectNode given = body.isEmpty() || action.get() == ApiCommands.Action.ACKNOWLEDGE ? null : body;
        outcome = commands.action(action.get(), incidentId, given, commandId, caller.name(), now);
      }
    }
    String page = "/incidents/" + incidentId;
    if (outcome instanceof ApiCommands.Invalid invalid) {
      redirect(response, callback, page + "?notice=" + URLEncoder.encode("Not done: "
          + String.join("; ", invalid.problems()), StandardCharsets.UTF_8));
      return;
    }
    long before = current.get().eventSeq();
    String groupKey = current.get().groupKey();
    CompletableFuture<Void> published = CompletableFuture.completedFuture(null);
    for (IncidentCommand command : ((ApiCommands.Commands) outcome).commands()) {
      IncidentCommand routed = IncidentCommand.newBuilder(command).setGroupKey(groupKey).setOrigin("console").build();
      published = published.thenCompose(ignored -> publisher.publish(routed));
    }
    published.thenCompose(ignored -> model.catalog().when(incidentId, s -> s.eventSeq() > before)
            .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS))
        .whenComplete((summary, failure) -> redirect(response, callback, failure == null ? page
            : page + "?notice=" + URLEncoder.encode("Recorded; the engine has not shown the change yet. "
                + "Reload in a moment.", StandardCharsets.UTF_8)));
  }

  private static List<String> ids(String commandId) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= ApiCommands.MAX_COMMANDS_PER_UPDATE; i++) {
      ids.add(commandId + "-" + i);
    }
    return ids;
  }

  private static void putIfGiven(ObjectNode body, String field, String value) {
    if (value != null && !value.isBlank()) {
      body.put(field, value);
    }
  }

  private FiguresPage figures(Viewer viewer) {
    Instant now = clock.instant();
    List<IncidentSummary> all = model.catalog().all(s -> true);
    IncidentFigures figures = IncidentFigures.of(all, now.minus(Duration.ofDays(30)), now);
    List<ErrorBudgets.Budget> budgets = objectives.stream().map(o -> ErrorBudgets.of(o, all, now)).toList();
    return FiguresPage.of(viewer, figures, budgets);
  }

  private void readForm(Request request, Response response, Callback callback,
      java.util.function.Consumer<Map<String, List<String>>> then) {
    if (request.getLength() > MAX_FORM_BYTES) {
      text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "text/plain; charset=utf-8", "form too large");
      return;
    }
    Content.Source.asByteArrayAsync(new LimitedContentSource(request, MAX_FORM_BYTES), MAX_FORM_BYTES,
        Promise.Invocable.from(InvocationType.NON_BLOCKING, (read, failure) -> {
          try {
            if (failure instanceof BodyTooLargeException) {
              text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "text/plain; charset=utf-8",
                  "form too large");
            } else if (failure != null) {
              text(response, callback, HttpStatus.BAD_REQUEST_400, "text/plain; charset=utf-8",
                  "the form could not be read");
            } else {
              then.accept(parseForm(new String(read, StandardCharsets.UTF_8)));
            }
          } catch (RuntimeException e) {
            LOG.error("console form failed", e);
            text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "text/plain; charset=utf-8",
                "internal error");
          }
        }));
  }

  static Map<String, List<String>> parseForm(String body) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        // a broken %-escape: the field is left out, and the form is refused for what it lacks
      }
    }
    return form;
  }

  private static Map<String, List<String>> queryOf(Request request) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (Fields.Field field : Request.extractQueryParameters(request, StandardCharsets.UTF_8)) {
      query.put(field.getName(), field.getValues());
    }
    return query;
  }

  private static String first(Map<String, List<String>> values, String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? null : list.get(0);
  }

  private static String cookie(Request request) {
    for (HttpCookie cookie : Request.getCookies(request)) {
      if (cookie.getName().equals(Sessions.COOKIE)) {
        return cookie.getValue();
      }
    }
    return null;
  }

  private void render(Response response, Callback callback, int status, String template, Object page) {
    StringOutput output = new StringOutput();
    templates.render(template, page, output);
    text(response, callback, status, "text/html; charset=utf-8", output.toString());
  }

  private static void redirect(Response response, Callback callback, String location) {
    response.getHeaders().put(HttpHeader.LOCATION, location);
    text(response, callback, HttpStatus.SEE_OTHER_303, "text/plain; charset=utf-8", "see " + location);
  }

  private static void text(Response response, Callback callback, int status, String contentType, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static String loadScript() {
    try (InputStream in = ConsoleHandler.class.getResourceAsStream("/dev/tocsin/api/console.js")) {
      if (in == null) {
        throw new IllegalStateException("console.js is missing from the incident API's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
