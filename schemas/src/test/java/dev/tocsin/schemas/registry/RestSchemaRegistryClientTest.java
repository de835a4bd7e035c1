package dev.tocsin.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Alert;
import dev.tocsin.schemas.SampleRecords;
import dev.tocsin.schemas.registry.StubRegistry.Request;
import dev.tocsin.schemas.serde.AvroDeserializer;
import dev.tocsin.schemas.serde.AvroSerializer;
import dev.tocsin.schemas.serde.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "tocsin.alerts.v1";
  private static final String REGISTER = "/subjects/tocsin.alerts.v1-value/versions";
  private static final String LATEST = "/subjects/tocsin.alerts.v1-value/versions/latest";
  private static final String PASSWORD = "s3cr3t-pw";

  private final List<StubRegistry> stubs = new ArrayList<>();

  @AfterEach
  void stopStubs() {
    stubs.forEach(StubRegistry::close);
  }

  @Test
  void serializerRegistersTheSchemaAsAnEscapedStringUnderTheValueSubject() throws IOException {
    StubRegistry registry = stub().answer("POST", REGISTER, 200, "{\"id\":42}");

    serializer(Map.of("schema.registry.url", registry.url())).serialize(TOPIC, SampleRecords.alert());

    assertThat(registry.requests()).hasSize(1);
    Request request = registry.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(REGISTER);
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.fieldNames()).toIterable().containsExactly("schema", "schemaType");
    assertThat(body.get("schema").isTextual()).as("schema is a JSON string, not an object").isTrue();
    assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(Alert.getClassSchema());
    assertThat(body.get("schemaType").asText()).isEqualTo("AVRO");
    assertThat(request.body()).startsWith("{\"schema\":\"{\\\"type\\\":\\\"record\\\"");
  }

  @Test
  void serializerWritesTheIdTheRegistryReturned() {
    StubRegistry registry = stub().answer("POST", REGISTER, 200, "{\"id\":42,\"version\":3,\"guid\":\"ignored\"}");

    byte[] framed = serializer(Map.of("schema.registry.url", registry.url())).serialize(TOPIC, SampleRecords.alert());

    assertThat(framed[0]).isZero();
    assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(42);
  }

  @Test
  void registeringTheSameSchemaAgainIsServedFromTheCache() {
    StubRegistry registry = stub().answer("POST", REGISTER, 200, "{\"id\":42}");
    AvroSerializer<Alert> serializer = serializer(Map.of("schema.registry.url", registry.url()));

    serializer.serialize(TOPIC, SampleRecords.alert());
    serializer.serialize(TOPIC, SampleRecords.minimalAlert());

    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void clientRegistersASchemaOncePerSubject() {
    StubRegistry registry = stub()
        .answer("POST", REGISTER, 200, "{\"id\":42}")
        .answer("POST", "/subjects/other-value/versions", 200, "{\"id\":42}");
    SchemaRegistryClient client = SchemaRegistries.forUrls(registry.url(), null);

    assertThat(client.register("tocsin.alerts.v1-value", Alert.getClassSchema())).isEqualTo(42);
    assertThat(client.register("tocsin.alerts.v1-value", Alert.getClassSchema())).isEqualTo(42);
    assertThat(client.register("other-value", Alert.getClassSchema())).isEqualTo(42);

    assertThat(registry.requests()).extracting(Request::path)
        .containsExactly(REGISTER, "/subjects/other-value/versions");
  }

  @Test
  void deserializerFetchesTheWriterSchemaByIdOnceAndCachesIt() {
    StubRegistry registry = stub().answer("GET", "/schemas/ids/42", 200, schemaResponse(Alert.getClassSchema()));
    AvroDeserializer<Alert> deserializer = deserializer(Map.of("schema.registry.url", registry.url()));
    byte[] framed = framedAlert(42);

    Alert first = deserializer.deserialize(TOPIC, framed);
    Alert second = deserializer.deserialize(TOPIC, framed);

    assertThat(first).isEqualTo(SampleRecords.alert());
    assertThat(second).isEqualTo(SampleRecords.alert());
    assertThat(registry.requests()).extracting(Request::method, Request::path)
        .containsExactly(tuple("GET", "/schemas/ids/42"));
  }

  @Test
  void userInfoCredentialsSourceSendsBasicAuthentication() {
    StubRegistry registry = stub().answer("POST", REGISTER, 200, "{\"id\":1}");

    serializer(Map.of("schema.registry.url", registry.url(),
        "basic.auth.credentials.source", "USER_INFO",
        "basic.auth.user.info", "user:secret")).serialize(TOPIC, SampleRecords.alert());

    assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic dXNlcjpzZWNyZXQ=");
  }

  @Test
  void credentialsInTheUrlUserInfoSendBasicAuthentication() {
    StubRegistry registry = stub().answer("GET", "/schemas/ids/42", 200, schemaResponse(Alert.getClassSchema()));

    deserializer(Map.of("schema.registry.url", registry.urlWithUserInfo("user:secret")))
        .deserialize(TOPIC, framedAlert(42));

    assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic dXNlcjpzZWNyZXQ=");
  }

  @Test
  void withoutCredentialsNoAuthorizationHeaderIsSent() {
    StubRegistry registry = stub().answer("POST", REGISTER, 200, "{\"id\":1}");

    serializer(Map.of("schema.registry.url", registry.url(), "basic.auth.user.info", "user:secret"))
        .serialize(TOPIC, SampleRecords.alert());

    assertThat(registry.requests().get(0).authorization())
        .as("basic.auth.user.info is used only with basic.auth.credentials.source=USER_INFO").isNull();
  }

  @Test
  void unknownSchemaIdIsASerializationExceptionNamingTheId() {
    StubRegistry registry = stub().answer("GET", "/schemas/ids/42", 404,
        "{\"error_code\":40403,\"message\":\"Schema not found\"}");

    assertThatThrownBy(() -> deserializer(Map.of("schema.registry.url", registry.url()))
        .deserialize(TOPIC, framedAlert(42)))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 42")
        .hasMessageContaining("40403")
        .hasRootCauseInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void registryErrorCarriesStatusAndErrorCode() {
    StubRegistry registry = stub().answer("GET", "/schemas/ids/42", 404,
        "{\"error_code\":40403,\"message\":\"Schema not found\"}");

    Throwable thrown = catchThrowable(() -> SchemaRegistries.forUrls(registry.url(), null).getById(42));

    assertThat(thrown).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.errorCode()).isEqualTo(40403);
      assertThat(e.retryable()).isFalse();
    });
  }

  @Test
  void incompatibleSchemaOnRegisterIsASerializationExceptionAndIsNotTriedElsewhere() {
    StubRegistry first = stub().answer("POST", REGISTER, 409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");
    StubRegistry second = stub().answer("POST", REGISTER, 200, "{\"id\":1}");

    assertThatThrownBy(() -> serializer(Map.of("schema.registry.url", first.url() + "," + second.url()))
        .serialize(TOPIC, SampleRecords.alert()))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("409")
        .hasMessageContaining("incompatible");
    assertThat(first.requests()).hasSize(1);
    assertThat(second.requests()).isEmpty();
  }

  @Test
  void serverErrorOnTheFirstUrlFallsOverToTheSecond() {
    StubRegistry first = stub().answer("POST", REGISTER, 500, "{\"error_code\":50001,\"message\":\"store error\"}");
    StubRegistry second = stub().answer("POST", REGISTER, 200, "{\"id\":7}");

    byte[] framed = serializer(Map.of("schema.registry.url", first.url() + ", " + second.url()))
        .serialize(TOPIC, SampleRecords.alert());

    assertThat(WireFormat.schemaId(framed)).isEqualTo(7);
    assertThat(first.requests()).hasSize(1);
    assertThat(second.requests()).hasSize(1);
  }

  @Test
  void unreachableFirstUrlFallsOverToTheSecond() throws IOException {
    StubRegistry second = stub().answer("GET", "/schemas/ids/42", 200, schemaResponse(Alert.getClassSchema()));

    Alert read = deserializer(Map.of("schema.registry.url", closedPortUrl() + "," + second.url()))
        .deserialize(TOPIC, framedAlert(42));

    assertThat(read).isEqualTo(SampleRecords.alert());
  }

  @Test
  void serverErrorsOnEveryUrlAreASerializationException() {
    StubRegistry first = stub().answer("POST", REGISTER, 500, "{\"error_code\":50001,\"message\":\"store error\"}");
    StubRegistry second = stub().answer("POST", REGISTER, 503, "");

    assertThatThrownBy(() -> serializer(Map.of("schema.registry.url", first.url() + "," + second.url()))
        .serialize(TOPIC, SampleRecords.alert()))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("503");
  }

  @Test
  void baseUrlPathPrefixIsKeptForCompatibilityEndpoints() {
    // Apicurio serves the Confluent API under a path, e.g. /apis/ccompat/v7.
    StubRegistry registry = stub().answer("POST", "/apis/ccompat/v7" + REGISTER, 200, "{\"id\":3}");

    byte[] framed = serializer(Map.of("schema.registry.url", registry.url() + "/apis/ccompat/v7/"))
        .serialize(TOPIC, SampleRecords.alert());

    assertThat(WireFormat.schemaId(framed)).isEqualTo(3);
  }

  @Test
  void useLatestVersionWithoutAutoRegisterSerializesWithTheSubjectsLatestSchema() {
    StubRegistry registry = stub().answer("GET", LATEST, 200, latestResponse(3, 7, Alert.getClassSchema()));
    AvroSerializer<Alert> serializer = serializer(Map.of("schema.registry.url", registry.url(),
        "auto.register.schemas", "false", "use.latest.version", "true"));

    byte[] first = serializer.serialize(TOPIC, SampleRecords.alert());
    byte[] second = serializer.serialize(TOPIC, SampleRecords.minimalAlert());

    assertThat(WireFormat.schemaId(first)).isEqualTo(7);
    assertThat(WireFormat.schemaId(second)).isEqualTo(7);
    assertThat(registry.requests()).extracting(Request::method, Request::path)
        .as("the latest version is looked up once, never registered")
        .containsExactly(tuple("GET", LATEST));
  }

  @Test
  void withoutAutoRegisterTheRecordsSchemaMustBeTheLatestVersion() {
    Schema other = SchemaBuilder.record("Alert").namespace("dev.tocsin.avro").fields()
        .requiredString("fingerprint").endRecord();
    StubRegistry registry = stub().answer("GET", LATEST, 200, latestResponse(1, 5, other));

    assertThatThrownBy(() -> serializer(Map.of("schema.registry.url", registry.url(),
        "auto.register.schemas", "false")).serialize(TOPIC, SampleRecords.alert()))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("auto.register.schemas=false");
    assertThat(registry.requests()).extracting(Request::method).containsOnly("GET");
  }

  @Test
  void withoutAutoRegisterARegisteredLatestSchemaIsUsedAndCached() {
    StubRegistry registry = stub().answer("GET", LATEST, 200, latestResponse(2, 9, Alert.getClassSchema()));
    AvroSerializer<Alert> serializer = serializer(Map.of("schema.registry.url", registry.url(),
        "auto.register.schemas", "false"));

    assertThat(WireFormat.schemaId(serializer.serialize(TOPIC, SampleRecords.alert()))).isEqualTo(9);
    assertThat(WireFormat.schemaId(serializer.serialize(TOPIC, SampleRecords.alert()))).isEqualTo(9);
    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void latestVersionCarriesSubjectVersionAndId() {
    StubRegistry registry = stub().answer("GET", LATEST, 200, latestResponse(3, 7, Alert.getClassSchema()));

    RegisteredSchema latest = SchemaRegistries.forUrls(registry.url(), null).latest("tocsin.alerts.v1-value");

    assertThat(latest).isEqualTo(new RegisteredSchema("tocsin.alerts.v1-value", 3, 7, Alert.getClassSchema()));
  }

  @Test
  void nonAvroSchemaTypeIsRefused() {
    StubRegistry registry = stub().answer("GET", "/schemas/ids/42", 200,
        "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");

    assertThatThrownBy(() -> deserializer(Map.of("schema.registry.url", registry.url()))
        .deserialize(TOPIC, framedAlert(42)))
        .isExactlyInstanceOf(SerializationException.class)
        .hasMessageContaining("PROTOBUF");
  }

  @Test
  void passwordNeverAppearsInAnyFailure() throws IOException {
    StubRegistry notFound = stub().answer("GET", "/schemas/ids/42", 404,
        "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    StubRegistry conflict = stub().answer("POST", REGISTER, 409, "{\"error_code\":40901,\"message\":\"incompatible\"}");
    StubRegistry broken = stub().answer("POST", REGISTER, 500, "not json");
    String closed = closedPortUrl();
    String userInfo = "user:" + PASSWORD;
    Map<String, String> viaUserInfo = Map.of("basic.auth.credentials.source", "USER_INFO",
        "basic.auth.user.info", userInfo);
    List<Throwable> failures = new ArrayList<>();
    Consumer<Runnable> record = action -> failures.add(catchThrowable(action::run));

    record.accept(() -> deserializer(Map.of("schema.registry.url", notFound.urlWithUserInfo(userInfo)))
        .deserialize(TOPIC, framedAlert(42)));
    record.accept(() -> deserializer(with(viaUserInfo, "schema.registry.url", notFound.url()))
        .deserialize(TOPIC, framedAlert(42)));
    record.accept(() -> serializer(Map.of("schema.registry.url", conflict.urlWithUserInfo(userInfo)))
        .serialize(TOPIC, SampleRecords.alert()));
    record.accept(() -> serializer(Map.of("schema.registry.url", broken.urlWithUserInfo(userInfo)))
        .serialize(TOPIC, SampleRecords.alert()));
    record.accept(() -> serializer(with(viaUserInfo, "schema.registry.url", broken.url()))
        .serialize(TOPIC, SampleRecords.alert()));
    record.accept(() -> serializer(Map.of("schema.registry.url",
        closed.replace("http://", "http://" + userInfo + "@"))).serialize(TOPIC, SampleRecords.alert()));
    record.accept(() -> serializer(Map.of("schema.registry.url", "http://" + userInfo + "@bad host:8081")));
    record.accept(() -> serializer(Map.of("schema.registry.url", "http://" + userInfo + "@under_score:8081")));
    record.accept(() -> serializer(Map.of("schema.registry.url", "http://" + userInfo + "@host:notaport")));

    assertThat(failures).hasSize(9).doesNotContainNull();
    for (Throwable failure : failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(t.toString()).as("failure %s", failure)
            .doesNotContain(PASSWORD)
            .doesNotContain("dXNlcjpzM2NyM3QtcHc");
      }
    }
  }

  @Test
  void clientWithoutUrlsIsRefused() {
    assertThatThrownBy(() -> new RestSchemaRegistryClient(List.of(), null, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.url");
  }

  private StubRegistry stub() {
    StubRegistry stub = StubRegistry.start();
    stubs.add(stub);
    return stub;
  }

  private static AvroSerializer<Alert> serializer(Map<String, String> config) {
    AvroSerializer<Alert> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    return serializer;
  }

  private static AvroDeserializer<Alert> deserializer(Map<String, String> config) {
    AvroDeserializer<Alert> deserializer = new AvroDeserializer<>(Alert.class);
    deserializer.configure(config, false);
    return deserializer;
  }

  /** A sample alert framed with {@code id}, serialized against an in-memory registry. */
  private static byte[] framedAlert(int id) {
    byte[] framed = new AvroSerializer<Alert>(new InMemorySchemaRegistry(),
        Map.of("schema.registry.url", "mock://unused"), false).serialize(TOPIC, SampleRecords.alert());
    ByteBuffer.wrap(framed).putInt(1, id);
    return framed;
  }

  private static String schemaResponse(Schema schema) {
    return json(Map.of("schema", schema.toString()));
  }

  private static String latestResponse(int version, int id, Schema schema) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", "tocsin.alerts.v1-value");
    body.put("version", version);
    body.put("id", id);
    body.put("schema", schema.toString());
    return json(body);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new HashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  /** A URL nobody listens on: a port the OS just handed out and was closed again. */
  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}
