package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tocsin.avro.Incident;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.schemas.registry.RestSchemaRegistryClient;
import dev.tocsin.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone's registry endpoint speaks the Confluent REST subset a Confluent client uses. */
class SchemaRegistryHandlerTest {
  @TempDir
  Path dir;
  private Server server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new SchemaRegistryHandler(InMemorySchemaRegistry.journalled(dir.resolve("schemas.jsonl"))));
    server.start();
    url = "http://localhost:" + connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void restClientRegistersFetchesByIdAndReadsLatest() {
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(URI.create(url)), null,
        Duration.ofSeconds(5));
    int id = client.register("tocsin.incidents.v1-value", Incident.getClassSchema());

    RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(List.of(URI.create(url)), null,
        Duration.ofSeconds(5));
    assertThat(fresh.getById(id)).isEqualTo(Incident.getClassSchema());
    var latest = fresh.latest("tocsin.incidents.v1-value");
    assertThat(latest.id()).isEqualTo(id);
    assertThat(latest.version()).isEqualTo(1);
  }

  @Test
  void unknownIdAnswers404WithConfluentErrorCode() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url + "/schemas/ids/999")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    assertThat(response.body()).contains("\"error_code\":40403");

    RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(URI.create(url)), null,
        Duration.ofSeconds(5));
    assertThatThrownBy(() -> client.getById(999)).isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("40403");
  }

  @Test
  void malformedRegistrationAnswers422NamingTheField() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url + "/subjects/x-value/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"schemaType\":\"AVRO\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("42201").contains("schema");
  }
}
