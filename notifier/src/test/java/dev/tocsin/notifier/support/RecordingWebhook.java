package dev.tocsin.notifier.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP receiver on localhost standing in for a webhook, Slack or PagerDuty: records every
 * request and answers as scripted, per notification id (the {@code X-Tocsin-Notification-Id}
 * header) a queue of answers, else a default. Thread-safe.
 */
public final class RecordingWebhook implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
  private volatile Answer defaultAnswer = Answer.status(200);

  /**
   * One request as the receiver saw it; header names are case-insensitive.
   *
   * @param receivedAtNanos {@link System#nanoTime()} when it arrived
   */
  public record Request(String method, String path, String query, Map<String, String> headers, byte[] body,
      int answeredStatus, long receivedAtNanos) {
    public String header(String name) {
      return headers.get(name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How the receiver answers: a status, headers, a body (none when empty) and an optional delay before answering. */
  public record Answer(int status, Map<String, String> headers, Duration delay, String body) {
    public static Answer status(int status) {
      return new Answer(status, Map.of(), Duration.ZERO, "");
    }

    public Answer withHeader(String name, String value) {
      Map<String, String> copy = new TreeMap<>(headers);
      copy.put(name, value);
      return new Answer(status, copy, delay, body);
    }

    public Answer after(Duration wait) {
      return new Answer(status, headers, wait, body);
    }

    /** Answers with {@code text} as the body, e.g. Slack's {@code ok} or PagerDuty's JSON. */
    public Answer withBody(String text) {
      return new Answer(status, headers, delay, text);
    }
  }

  private RecordingWebhook(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on an ephemeral localhost port. */
  public static RecordingWebhook start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RecordingWebhook webhook = new RecordingWebhook(server);
      server.createContext("/", webhook::handle);
      server.setExecutor(webhook.executor);
      server.start();
      return webhook;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the recording webhook", e);
    }
  }

  /** The receiver's URL with {@code pathAndQuery} appended, e.g. {@code /hooks/abc?token=s3cret}. */
  public URI url(String pathAndQuery) {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
        + pathAndQuery);
  }

  /** Answers every request without a script with {@code answer}. */
  public void answerByDefault(Answer answer) {
    defaultAnswer = answer;
  }

  /** Answers requests for {@code notificationId} with {@code answers} in turn, then with the default. */
  public void script(String notificationId, Answer... answers) {
    scripts.put(notificationId, new ConcurrentLinkedDeque<>(List.of(answers)));
  }

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests carrying {@code notificationId}. */
  public List<Request> requestsFor(String notificationId) {
    return requests.stream().filter(r -> notificationId.equals(r.header("X-Tocsin-Notification-Id"))).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long receivedAt = System.nanoTime();
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
      String id = headers.get("X-Tocsin-Notification-Id");
      Deque<Answer> script = id == null ? null : scripts.get(id);
      Answer scripted = script == null ? null : script.pollFirst();
      Answer answer = scripted == null ? defaultAnswer : scripted;
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), headers, body, answer.status(), receivedAt));
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] responseBody = answer.body().getBytes(StandardCharsets.UTF_8);
      boolean bodyless = responseBody.length == 0 || answer.status() == 204 || answer.status() == 304;
      exchange.sendResponseHeaders(answer.status(), bodyless ? -1 : responseBody.length);
      if (!bodyless) {
        exchange.getResponseBody().write(responseBody);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
