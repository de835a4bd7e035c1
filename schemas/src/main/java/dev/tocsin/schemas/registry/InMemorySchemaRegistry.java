package dev.tocsin.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in memory, optionally journalled to a file so ids survive restarts
 * (the standalone's registry). Enforces BACKWARD compatibility per subject, as Confluent's
 * default does. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
  private final Path journal;

  /** A registry that lives only in memory. */
  public InMemorySchemaRegistry() {
    this.journal = null;
  }

  private InMemorySchemaRegistry(Path journal) {
    this.journal = journal;
  }

  /** The shared registry of a {@code mock://scope} URL; one per scope per JVM. */
  public static InMemorySchemaRegistry scope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
  }

  /** Drops a {@code mock://} scope, so the next use starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  /** A registry whose registrations are appended to {@code journal} and replayed from it on open. */
  public static InMemorySchemaRegistry journalled(Path journal) {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry(journal);
    if (Files.exists(journal)) {
      try {
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode entry = JSON.readTree(line);
          registry.apply(entry.get("subject").asText(), entry.get("id").asInt(),
              new Schema.Parser().parse(entry.get("schema").asText()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema journal " + journal, e);
      }
    }
    return registry;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String canonical = schema.toString();
    Integer id = idByCanonical.get(canonical);
    List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
    if (id != null && versions.contains(id)) {
      return id;
    }
    if (!versions.isEmpty()) {
      Schema latest = byId.get(versions.get(versions.size() - 1));
      var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for subject '"
            + subject + "': " + compatibility.getDescription(), 409, 409);
      }
    }
    int newId = id != null ? id : byId.size() + 1;
    journal(subject, newId, schema);
    apply(subject, newId, schema);
    return newId;
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException("Schema " + id + " not found", 404, 40403);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404, 40401);
    }
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, versions.size(), id, byId.get(id));
  }

  /** Version {@code version} (1-based) of {@code subject}. */
  public synchronized RegisteredSchema version(String subject, int version) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404, 40401);
    }
    if (version < 1 || version > versions.size()) {
      throw new SchemaRegistryException("Version " + version + " not found.", 404, 40402);
    }
    int id = versions.get(version - 1);
    return new RegisteredSchema(subject, version, id, byId.get(id));
  }

  /** The registered version of exactly this schema under {@code subject}, if any. */
  public synchronized Optional<RegisteredSchema> find(String subject, Schema schema) {
    Integer id = idByCanonical.get(schema.toString());
    List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
    if (id == null || !versions.contains(id)) {
      return Optional.empty();
    }
    return Optional.of(new RegisteredSchema(subject, versions.indexOf(id) + 1, id, byId.get(id)));
  }

  /** All subjects, in registration order. */
  public synchronized List<String> subjects() {
    return new ArrayList<>(versionsBySubject.keySet());
  }

  /** Version numbers of {@code subject}. */
  public synchronized List<Integer> versions(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404, 40401);
    }
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= versions.size(); i++) {
      numbers.add(i);
    }
    return numbers;
  }

  private void apply(String subject, int id, Schema schema) {
    byId.put(id, schema);
    idByCanonical.put(schema.toString(), id);
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) {
      versions.add(id);
    }
  }

  private void journal(String subject, int id, Schema schema) {
    if (journal == null) {
      return;
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("subject", subject);
    entry.put("id", id);
    entry.put("schema", schema.toString());
    try {
      Files.writeString(journal, JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new SchemaRegistryException("cannot write schema journal: " + e.getMessage(), 500, 50001, e);
    }
  }
}
