package dev.tocsin.schemas.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code tocsin.yml} and the values of its tree, collecting each problem as
 * {@code "path: what is wrong"} rather than stopping at the first: the file, its YAML, and the
 * scalars every section shares (strings with {@code ${NAME}}, booleans, whole numbers, durations,
 * timestamps, label names, severities and severity aliases). One instance serves one pass and is
 * not thread-safe.
 *
 * <p>Readers walk the tree rather than bind it to records: binding stops at the first problem, and
 * reports Java types, or quotes values (secrets among them), rather than the file's paths.
 */
public final class ConfigTree {
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** How a problem names the severities a value may be. */
  public static final String SEVERITIES = "P0, P1, P2 or P3";
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** Reports a key outside a mapping's allowed keys as just {@code unknown key}. */
  public static final UnknownKey PLAIN_UNKNOWN_KEY = (key, allowed) -> "unknown key";

  private final Map<String, String> environment;
  private final UnknownKey unknownKey;
  private final List<String> problems = new ArrayList<>();

  /** A tree whose unknown keys are reported as {@link #PLAIN_UNKNOWN_KEY}. */
  public ConfigTree(Map<String, String> environment) {
    this(environment, PLAIN_UNKNOWN_KEY);
  }

  /**
   * @param environment where {@code ${NAME}} references are looked up
   * @param unknownKey what to say of a key a mapping does not allow
   */
  public ConfigTree(Map<String, String> environment, UnknownKey unknownKey) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.unknownKey = Objects.requireNonNull(unknownKey, "unknownKey");
  }

  /** Says what is wrong with a key a mapping does not allow; the caller puts its path in front. */
  @FunctionalInterface
  public interface UnknownKey {
    /**
     * @param key the key as the file spells it
     * @param allowed the mapping's allowed keys, in the order the reader gave them
     */
    String describe(String key, List<String> allowed);
  }

  /** Adds a problem, already in the form {@code "path: what is wrong"}. */
  public void report(String problem) {
    problems.add(Objects.requireNonNull(problem, "problem"));
  }

  /** How many problems have been reported so far, so a caller can tell whether a part added any. */
  public int problemCount() {
    return problems.size();
  }

  /** The problems reported so far, in the order they were found. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Whether {@code node} has {@code key} with a value other than null. */
  public static boolean present(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** Whether {@code node} is a mapping; reports it if not, and each key outside {@code allowed}. */
  public boolean mapping(JsonNode node, String path, String... allowed) {
    if (node == null || !node.isObject()) {
      report(path + ": must be a mapping");
      return false;
    }
    Set<String> known = Set.of(allowed);
    List<String> order = List.of(allowed);
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!known.contains(key)) {
        report(path + "." + key + ": " + unknownKey.describe(key, order));
      }
    }
    return true;
  }

  /** The entries of a list; reports anything else and reads it as empty. */
  public List<JsonNode> list(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      report(path + ": must be a list");
      return List.of();
    }
    List<JsonNode> entries = new ArrayList<>();
    node.forEach(entries::add);
    return entries;
  }

  /**
   * The entries of the list at {@code key} of the mapping {@code node}; reports it missing, and an
   * empty list as {@code whenEmpty}, e.g. {@code "must have at least one level"}.
   */
  public List<JsonNode> requiredList(JsonNode node, String key, String path, String whenEmpty) {
    String at = path + "." + key;
    if (!present(node, key)) {
      report(at + ": is required");
      return List.of();
    }
    List<JsonNode> entries = list(node.get(key), at);
    if (entries.isEmpty() && node.get(key).isArray()) {
      report(at + ": " + whenEmpty);
    }
    return entries;
  }

  /** A scalar's text, with a whole-value {@code ${NAME}} replaced from the environment. */
  public Optional<String> string(JsonNode node, String path) {
    if (node == null || !(node.isTextual() || node.isNumber())) {
      report(path + ": must be a string");
      return Optional.empty();
    }
    String text = node.asText();
    Matcher reference = ENV_REFERENCE.matcher(text.strip());
    if (!reference.matches()) {
      return Optional.of(text);
    }
    String value = environment.get(reference.group(1));
    if (value == null) {
      report(path + ": environment variable " + reference.group(1) + " is not set");
    }
    return Optional.ofNullable(value);
  }

  /**
   * {@code text} with a whole-value {@code ${NAME}} replaced, reporting nothing: empty only when
   * the variable is not set.
   */
  public Optional<String> expand(String text) {
    Matcher reference = ENV_REFERENCE.matcher(text.strip());
    if (!reference.matches()) {
      return Optional.of(text);
    }
    return Optional.ofNullable(environment.get(reference.group(1)));
  }

  /** As {@link #string}, and reports a blank value. */
  public Optional<String> nonEmptyString(JsonNode node, String path) {
    Optional<String> value = string(node, path);
    if (value.isPresent() && value.get().isBlank()) {
      report(path + ": must not be empty");
      return Optional.empty();
    }
    return value;
  }

  /** The non-empty string at {@code key} of the mapping {@code node}; reports it missing. */
  public Optional<String> requiredString(JsonNode node, String key, String path) {
    if (!present(node, key)) {
      report(path + "." + key + ": is required");
      return Optional.empty();
    }
    return nonEmptyString(node.get(key), path + "." + key);
  }

  /** The boolean at {@code key} of the mapping {@code node}, or {@code fallback} when absent or not a boolean. */
  public boolean bool(JsonNode node, String key, String path, boolean fallback) {
    if (!present(node, key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isBoolean()) {
      report(path + "." + key + ": must be true or false");
      return fallback;
    }
    return value.booleanValue();
  }

  // ---- the document

  /** The text of {@code file}; reports it, without its content, when it cannot be read. */
  public Optional<String> readFile(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      report(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  /**
   * {@code yaml} as a tree, an empty document as an empty mapping; a duplicate key is a problem.
   * The parser's own message may quote the file's text, and some sections hold secrets: a syntax
   * error is reported with its place only.
   *
   * @param source names the YAML in the problem, e.g. its file name
   */
  public Optional<JsonNode> parseYaml(String yaml, String source) {
    try {
      JsonNode root = YAML.readTree(yaml);
      return Optional.of(root == null || root.isMissingNode() || root.isNull() ? YAML.createObjectNode() : root);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String original = e.getOriginalMessage();
      String why = original != null && original.startsWith("Duplicate field") ? " (" + original + ")" : "";
      report(source + ": is not valid YAML" + where + why);
      return Optional.empty();
    }
  }

  /** The document of {@code file}, as {@link #readFile} then {@link #parseYaml}. */
  public Optional<JsonNode> readYaml(Path file) {
    return readFile(file).flatMap(yaml -> parseYaml(yaml, file.toString()));
  }

  // ---- shared scalars

  /** The non-negative whole number at {@code key} of the mapping {@code node}, or {@code fallback} when absent. */
  public int integer(JsonNode node, String key, String path, int fallback) {
    if (!present(node, key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      report(path + "." + key + ": must be a whole number");
      return fallback;
    }
    if (value.intValue() < 0) {
      report(path + "." + key + ": must not be negative");
      return fallback;
    }
    return value.intValue();
  }

  /** A duration as Prometheus writes them ({@link Durations}). */
  public Optional<Duration> duration(JsonNode node, String path) {
    Optional<String> text = string(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(text.get().strip()));
    } catch (IllegalArgumentException e) {
      report(path + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The duration at {@code key} of the mapping {@code node}, or {@code fallback} when absent or
   * invalid; 0 is a problem unless {@code zeroAllowed}.
   */
  public Duration duration(JsonNode node, String key, String path, Duration fallback, boolean zeroAllowed) {
    if (!present(node, key)) {
      return fallback;
    }
    String at = path + "." + key;
    Optional<Duration> duration = duration(node.get(key), at);
    if (duration.isPresent() && duration.get().isZero() && !zeroAllowed) {
      report(at + ": must be more than 0");
      return fallback;
    }
    return duration.orElse(fallback);
  }

  /** The required timestamp with a zone (RFC 3339) at {@code key} of the mapping {@code node}. */
  public Optional<Instant> timestamp(JsonNode node, String key, String path) {
    Optional<String> text = requiredString(node, key, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.get().strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant());
    } catch (DateTimeParseException e) {
      report(path + "." + key + ": \"" + text.get() + "\" is not a timestamp with a time zone, e.g. 2026-11-23T00:00:00Z");
      return Optional.empty();
    }
  }

  /** A Prometheus label name. */
  public Optional<String> labelName(JsonNode node, String path) {
    Optional<String> name = string(node, path);
    if (name.isPresent() && !isLabelName(name.get())) {
      report(path + ": \"" + name.get() + "\" is not a label name");
      return Optional.empty();
    }
    return name;
  }

  /** Whether {@code name} is a Prometheus label name. */
  public static boolean isLabelName(String name) {
    return LABEL_NAME.matcher(name).matches();
  }

  /** The severity {@code text} names, {@code P0}..{@code P3} in any case, blanks around it ignored. */
  public static Optional<Severity> severityNamed(String text) {
    String wanted = text.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(Severity.values()).filter(candidate -> candidate.name().equals(wanted)).findFirst();
  }

  /** A list of label names; the invalid ones are reported and left out. */
  public List<String> labelNames(JsonNode node, String path) {
    List<JsonNode> entries = list(node, path);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      labelName(entries.get(i), path + "[" + i + "]").ifPresent(names::add);
    }
    return names;
  }

  /** A severity by its name, {@code P0}..{@code P3} in any case; aliases are not names. */
  public Optional<Severity> severity(JsonNode node, String path) {
    Optional<String> text = string(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Severity> severity = severityNamed(text.get());
    if (severity.isEmpty()) {
      report(path + ": \"" + text.get() + "\" is not a severity: use " + SEVERITIES);
    }
    return severity;
  }

  /**
   * A mapping of alias to severity ({@code severity.aliases}), keys as {@link SeverityAliases}
   * compares them; a blank alias, or two spellings of one alias, is a problem.
   */
  public Map<String, Severity> severityAliases(JsonNode node, String path) {
    Map<String, Severity> aliases = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      report(path + ": must be a mapping of alias to severity");
      return aliases;
    }
    Map<String, String> seen = new HashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String at = path + "." + field.getKey();
      String key = SeverityAliases.normalize(field.getKey());
      if (key.isEmpty()) {
        report(at + ": an alias must not be empty");
        continue;
      }
      String earlier = seen.putIfAbsent(key, field.getKey());
      if (earlier != null) {
        report(at + ": the same alias as " + earlier + " (aliases ignore case)");
        continue;
      }
      severity(field.getValue(), at).ifPresent(severity -> aliases.put(key, severity));
    }
    return aliases;
  }

  /**
   * The severity aliases of a whole {@code tocsin.yml} document: the defaults with
   * {@code severity.aliases} over them. Only that key is read; the engine checks the rest of the
   * section.
   */
  public SeverityAliases severityAliasesOf(JsonNode document) {
    JsonNode section = document == null ? null : document.get("severity");
    if (section == null || !section.isObject() || !present(section, "aliases")) {
      return SeverityAliases.defaults();
    }
    return SeverityAliases.defaults().withOverrides(severityAliases(section.get("aliases"), "severity.aliases"));
  }
}
