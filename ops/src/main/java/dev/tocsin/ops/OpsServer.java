package dev.tocsin.ops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * A background service's operational HTTP endpoints: {@code /metrics} (Prometheus text),
 * {@code /health/live} and {@code /health/ready}, each answered from the suppliers the service
 * gives; anything else is 404, any method but GET 405. Thread-safe.
 */
public final class OpsServer implements AutoCloseable {
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String JSON = "application/json";

  private final Server server;
  private final ServerConnector connector;

  private final String name;

  private OpsServer(String name, Server server, ServerConnector connector) {
    this.name = name;
    this.server = server;
    this.connector = connector;
  }

  /**
   * Serves on {@code host}:{@code port} (0: a free port) until closed.
   *
   * @param name the service, for thread names and errors
   * @param metrics the Prometheus text exposition, asked for on each scrape
   * @throws IllegalStateException if the server cannot start, e.g. the port is taken
   */
  public static OpsServer start(String name, String host, int port, Supplier<String> metrics, BooleanSupplier live,
      BooleanSupplier ready) {
    Objects.requireNonNull(metrics, "metrics");
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName(name + "-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!HttpMethod.GET.is(request.getMethod())) {
          response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.GET.asString());
          write(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, JSON, "{\"error\":\"method not allowed\"}");
          return true;
        }
        switch (path) {
          case METRICS_PATH -> write(response, callback, HttpStatus.OK_200, PROMETHEUS_TEXT, metrics.get());
          case LIVE_PATH -> status(response, callback, live.getAsBoolean(), "up", "down");
          case READY_PATH -> status(response, callback, ready.getAsBoolean(), "ready", "not ready");
          default -> write(response, callback, HttpStatus.NOT_FOUND_404, JSON, "{\"error\":\"not found\"}");
        }
        return true;
      }
    });
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("cannot start the HTTP server of " + name + " on " + host + ":" + port + ": "
          + e.getMessage(), e);
    }
    return new OpsServer(name, server, connector);
  }

  /**
   * What a service's {@code main} does with its endpoints: serves them when {@code port} is given
   * and registers a shutdown hook that closes {@code service} (then anything in {@code alsoClose},
   * then the server) when the JVM is asked to stop.
   *
   * @throws IllegalStateException if the server cannot start; nothing is registered then
   */
  public static void serveUntilShutdown(String name, String host, java.util.OptionalInt port, Supplier<String> metrics,
      BooleanSupplier live, BooleanSupplier ready, AutoCloseable service, AutoCloseable... alsoClose) {
    OpsServer server = port.isPresent() ? start(name, host, port.getAsInt(), metrics, live, ready) : null;
    if (server != null) {
      LoggerFactory.getLogger(OpsServer.class).info("{} metrics and health on {}:{}", name, host, server.port());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeQuietly(service);
      for (AutoCloseable other : alsoClose) {
        closeQuietly(other);
      }
      if (server != null) {
        server.close();
      }
    }, name + "-shutdown"));
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LoggerFactory.getLogger(OpsServer.class).warn("closing {} failed", closeable, e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  private static void status(Response response, Callback callback, boolean ok, String yes, String no) {
    write(response, callback, ok ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503, JSON,
        "{\"status\":\"" + (ok ? yes : no) + "\"}");
  }

  private static void write(Response response, Callback callback, int status, String contentType, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP server of " + name, e);
    }
  }
}
