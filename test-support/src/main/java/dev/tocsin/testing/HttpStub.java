package dev.tocsin.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that records every request and answers with a configurable status, for
 * receivers the build machines cannot reach. Thread-safe.
 */
public final class HttpStub implements AutoCloseable {
  /** One request as received; header names are lower case. */
  public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);

  private HttpStub(HttpServer server) {
    this.server = server;
  }

  /** Starts a stub on a free local port answering 200 to everything. */
  public static HttpStub start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      HttpStub stub = new HttpStub(server);
      server.createContext("/", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        stub.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
            new String(body, StandardCharsets.UTF_8)));
        exchange.sendResponseHeaders(stub.status.get(), -1);
        exchange.close();
      });
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of {@code path} on this stub. */
  public String url(String path) {
    return "http://localhost:" + server.getAddress().getPort() + path;
  }

  /** Answer later requests with {@code code}. */
  public void respondWith(int code) {
    status.set(code);
  }

  /** Requests received so far, in arrival order. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
