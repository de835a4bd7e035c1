package dev.tocsin.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void servesEachScrapeFreshAndHealthAsTheServiceSays() throws Exception {
    AtomicBoolean live = new AtomicBoolean(true);
    AtomicBoolean ready = new AtomicBoolean(false);
    AtomicInteger scrapes = new AtomicInteger();
    try (OpsServer http = OpsServer.start("test", "127.0.0.1", 0, () -> "scrape_total " + scrapes.incrementAndGet()
        + "\n", live::get, ready::get)) {
      HttpResponse<String> first = get(http, "/metrics");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
          .startsWith("text/plain; version=0.0.4"));
      assertThat(first.body()).isEqualTo("scrape_total 1\n");
      assertThat(get(http, "/metrics").body()).isEqualTo("scrape_total 2\n");

      assertThat(get(http, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(http, "/health/ready").statusCode()).isEqualTo(503);
      ready.set(true);
      assertThat(get(http, "/health/ready").statusCode()).isEqualTo(200);
      live.set(false);
      assertThat(get(http, "/health/live").statusCode()).isEqualTo(503);
      assertThat(get(http, "/nope").statusCode()).isEqualTo(404);
      assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(405);
    }
  }

  private HttpResponse<String> get(OpsServer http, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
