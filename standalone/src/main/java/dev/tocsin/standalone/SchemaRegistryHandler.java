package dev.tocsin.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import dev.tocsin.schemas.registry.RegisteredSchema;
import dev.tocsin.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the Confluent Schema Registry REST subset over the standalone's registry, so any
 * Confluent-compatible consumer can decode Tocsin's topics: register, fetch by id, subjects,
 * versions, latest. Avro only.
 */
final class SchemaRegistryHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(\\d+)(/schema)?");
  private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern SUBJECT_VERSION = Pattern.compile("/subjects/([^/]+)/versions/(latest|\\d+)(/schema)?");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
  private static final int MAX_BODY = 1 << 20;

  private final InMemorySchemaRegistry registry;

  SchemaRegistryHandler(InMemorySchemaRegistry registry) {
    this.registry = registry;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    try {
      Object body = route(method, path, request);
      write(response, callback, 200, body);
    } catch (SchemaRegistryException e) {
      write(response, callback, e.status(), error(e.errorCode(), e.getMessage()));
    } catch (BadRequest e) {
      write(response, callback, 422, error(42201, e.getMessage()));
    }
    return true;
  }

  private Object route(String method, String path, Request request) throws IOException {
    Matcher m;
    if ("GET".equals(method) && (m = SCHEMA_BY_ID.matcher(path)).matches()) {
      Schema schema = registry.getById(number(m.group(1), 40403));
      return m.group(2) != null ? JSON.readTree(schema.toString()) : Map.of("schema", schema.toString());
    }
    if ("GET".equals(method) && "/subjects".equals(path)) {
      return registry.subjects();
    }
    if ("GET".equals(method) && "/config".equals(path)) {
      return Map.of("compatibilityLevel", "BACKWARD");
    }
    if ((m = SUBJECT_VERSION.matcher(path)).matches() && "GET".equals(method)) {
      String subject = decode(m.group(1));
      RegisteredSchema version = "latest".equals(m.group(2)) ? registry.latest(subject)
          : registry.version(subject, number(m.group(2), 40402));
      return m.group(3) != null ? JSON.readTree(version.schema().toString()) : describe(version);
    }
    if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      if ("GET".equals(method)) {
        return registry.versions(subject);
      }
      if ("POST".equals(method)) {
        return Map.of("id", registry.register(subject, schemaOf(request)));
      }
    }
    if ((m = SUBJECT.matcher(path)).matches() && "POST".equals(method)) {
      String subject = decode(m.group(1));
      Schema schema = schemaOf(request);
      return describe(registry.find(subject, schema)
          .orElseThrow(() -> new SchemaRegistryException("Schema not found", 404, 40403)));
    }
    throw new SchemaRegistryException("HTTP 404 Not Found", 404, 404);
  }

  /** A path number; one too large for an int cannot name anything, so it is "not found". */
  private static int number(String digits, int notFoundCode) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException("Not found: " + digits, 404, notFoundCode);
    }
  }

  private static Map<String, Object> describe(RegisteredSchema version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", version.subject());
    body.put("version", version.version());
    body.put("id", version.id());
    body.put("schema", version.schema().toString());
    return body;
  }

  private static Schema schemaOf(Request request) throws IOException {
    if (request.getLength() > MAX_BODY) {
      throw new BadRequest("request body over " + MAX_BODY + " bytes");
    }
    byte[] bytes = BufferUtil.toArray(Content.Source.asByteBuffer(request));
    if (bytes.length > MAX_BODY) {
      throw new BadRequest("request body over " + MAX_BODY + " bytes");
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new BadRequest("request body is not JSON");
    }
    if (body == null || !body.path("schema").isTextual()) {
      throw new BadRequest("field 'schema' (a string) is required");
    }
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new BadRequest("schemaType " + type + " is not supported; only AVRO");
    }
    try {
      return new Schema.Parser().parse(body.get("schema").asText());
    } catch (RuntimeException e) {
      throw new BadRequest("Invalid schema: " + e.getMessage());
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> error(int code, String message) {
    return Map.of("error_code", code, "message", message);
  }

  private static void write(Response response, Callback callback, int status, Object body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
  }

  /** A malformed registration request (422 in Confluent's API). */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
