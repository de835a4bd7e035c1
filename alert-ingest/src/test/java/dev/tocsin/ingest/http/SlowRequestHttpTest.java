package dev.tocsin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.ingest.alertmanager.AlertmanagerSource;
import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.ingest.metrics.IngestMetrics;
import dev.tocsin.ingest.testing.InMemoryAlertPublisher;
import dev.tocsin.ingest.testing.InMemoryCommandPublisher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stop sending half-way through a request, or are refused before they send their
 * body, against Jetty with a short idle timeout (the service runs with Jetty's default of 30 s;
 * only the length differs).
 */
class SlowRequestHttpTest {
  private static final String TOKEN = "slow-client-token-2c9e";
  private static final Duration IDLE_TIMEOUT = Duration.ofMillis(400);
  private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

  private final InMemoryAlertPublisher publisher = new InMemoryAlertPublisher();
  private final IngestMetrics metrics = new IngestMetrics();
  private Server server;
  private ServerConnector connector;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    connector = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    Endpoint alertmanager = new Endpoint.Alerts(IngestHandler.ALERTMANAGER_PATH, "alertmanager",
        new BearerAuth(new BearerTokens(List.of(TOKEN))), new AlertmanagerSource(AlertLimits.DEFAULT));
    server.setHandler(new GracefulHandler(new IngestHandler(List.of(alertmanager), publisher,
        new InMemoryCommandPublisher(), metrics, 8192, Clock.systemUTC())));
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    metrics.close();
  }

  @Test
  void answersABodyThatStallsPastTheIdleTimeoutWithRequestTimeoutNotAServerError() throws IOException {
    String head = "POST " + IngestHandler.ALERTMANAGER_PATH + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: 400\r\n"
        + "\r\n"
        + "{\"receiver\":\"pipeline\",";

    String response;
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // ... and nothing more: the rest of the 400 bytes never comes.
      response = readUntilClosed(socket.getInputStream());
    }

    assertThat(response).startsWith("HTTP/1.1 408 ");
    assertThat(response).containsIgnoringCase("Connection: close");
    assertThat(response).contains("{\"error\":\"request body not received in time");
    assertThat(publisher.calls()).isZero();
    assertThat(metrics.scrape())
        .contains("tocsin_ingest_request_seconds_count{endpoint=\"alertmanager\",status=\"408\"} 1")
        .contains("tocsin_alerts_rejected_total{reason=\"timeout\",source=\"alertmanager\"} 1.0")
        .doesNotContain("status=\"500\"");
  }

  @Test
  void tellsAClientRefusedBeforeItsBodyWasReadThatTheConnectionCloses() throws IOException {
    String head = "POST " + IngestHandler.ALERTMANAGER_PATH + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer wrong-" + TOKEN + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: 400\r\n"
        + "\r\n";

    String response;
    try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      response = readUntilClosed(socket.getInputStream());
    }

    // Without the header the client would send its next request on a connection Jetty closes.
    assertThat(response).startsWith("HTTP/1.1 401 ").containsIgnoringCase("Connection: close");
  }

  /** Everything the server sends until it closes the connection. */
  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      received.write(buffer, 0, n);
    }
    return received.toString(StandardCharsets.UTF_8);
  }
}
