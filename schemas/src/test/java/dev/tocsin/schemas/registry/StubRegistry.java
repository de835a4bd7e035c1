package dev.tocsin.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A schema registry stand-in on the JDK's HTTP server: answers canned responses per
 * {@code METHOD path} and records every request it saw. Unknown routes answer 404 / 40401.
 */
final class StubRegistry implements AutoCloseable {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** One request as the stub received it. */
  record Request(String method, String path, String contentType, String authorization, String body) {
  }

  private record Response(int status, String body) {
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Response> responses = new ConcurrentHashMap<>();

  private StubRegistry(HttpServer server) {
    this.server = server;
  }

  static StubRegistry start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StubRegistry stub = new StubRegistry(server);
      server.createContext("/", stub::handle);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code method path} with {@code status} and the JSON {@code body} from now on. */
  StubRegistry answer(String method, String path, int status, String body) {
    responses.put(method + " " + path, new Response(status, body));
    return this;
  }

  /** {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code http://<userInfo>@127.0.0.1:<port>}. */
  String urlWithUserInfo(String userInfo) {
    return "http://" + userInfo + "@127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("Authorization"), body));
      Response response = responses.getOrDefault(method + " " + path,
          new Response(404, "{\"error_code\":40401,\"message\":\"Subject not found.\"}"));
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }
}
