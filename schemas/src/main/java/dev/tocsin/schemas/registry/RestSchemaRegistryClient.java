package dev.tocsin.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Talks to a Confluent-compatible schema registry over its REST API: register under a subject,
 * fetch by id, fetch a subject's latest version. Ids are cached both ways (they never change).
 * Several URLs are tried in turn when one cannot be reached. Thread-safe.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> baseUrls;
  private final String authorization;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
  private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();

  /**
   * @param baseUrls registry base URLs, tried in order
   * @param basicAuthUserInfo {@code user:password}, or null for no authentication
   * @param timeout per-request timeout
   */
  public RestSchemaRegistryClient(List<URI> baseUrls, String basicAuthUserInfo, Duration timeout) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("schema.registry.url: at least one URL is required");
    }
    this.baseUrls = List.copyOf(baseUrls);
    this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isEmpty() ? null
        : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    String key = subject + '\u0000' + schema;
    Integer cached = idBySubjectAndSchema.get(key);
    if (cached != null) {
      return cached;
    }
    Map<String, String> request = new LinkedHashMap<>();
    request.put("schema", schema.toString());
    request.put("schemaType", "AVRO");
    String body = json(request);
    JsonNode response = call("POST", "/subjects/" + encode(subject) + "/versions", body);
    int id = requiredInt(response, "id");
    idBySubjectAndSchema.put(key, id);
    schemaById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode response = call("GET", "/schemas/ids/" + id, null);
    Schema schema = parseSchema(response);
    schemaById.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode response = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    Schema schema = parseSchema(response);
    int id = requiredInt(response, "id");
    schemaById.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, requiredInt(response, "version"), id, schema);
  }

  private JsonNode call(String method, String path, String body) {
    SchemaRegistryException last = null;
    for (URI base : baseUrls) {
      try {
        return callOnce(base, method, path, body);
      } catch (SchemaRegistryException e) {
        if (!e.retryable()) {
          throw e;
        }
        last = e;
      }
    }
    throw Objects.requireNonNull(last);
  }

  private JsonNode callOnce(URI base, String method, String path, String body) {
    String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
        : base.toString();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
        .timeout(timeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException("schema registry at " + safe(base) + " unreachable: " + e, 0, 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while calling the schema registry", 0, 0, e);
    }
    JsonNode json = parse(response.body());
    if (response.statusCode() / 100 != 2) {
      int errorCode = json != null && json.has("error_code") ? json.get("error_code").asInt() : 0;
      String message = json != null && json.has("message") ? json.get("message").asText() : "no message";
      throw new SchemaRegistryException("schema registry " + method + " " + path + " failed with HTTP "
          + response.statusCode() + " (error_code " + errorCode + "): " + message, response.statusCode(), errorCode);
    }
    if (json == null) {
      throw new SchemaRegistryException("schema registry " + method + " " + path + " answered without a JSON body",
          response.statusCode(), 0);
    }
    return json;
  }

  /** The URL without userinfo, which may hold credentials. */
  private static String safe(URI base) {
    return base.getScheme() + "://" + base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
  }

  private static Schema parseSchema(JsonNode response) {
    JsonNode type = response.get("schemaType");
    if (type != null && !"AVRO".equals(type.asText())) {
      throw new SchemaRegistryException("schema type " + type.asText() + " is not Avro", 422, 42201);
    }
    JsonNode schema = response.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new SchemaRegistryException("registry response has no schema string", 500, 0);
    }
    try {
      return new Schema.Parser().parse(schema.asText());
    } catch (RuntimeException e) {
      throw new SchemaRegistryException("registry returned an unparseable schema: " + e.getMessage(), 422, 42201, e);
    }
  }

  private static int requiredInt(JsonNode response, String field) {
    JsonNode value = response.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException("registry response lacks integer field '" + field + "'", 500, 0);
    }
    return value.asInt();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
