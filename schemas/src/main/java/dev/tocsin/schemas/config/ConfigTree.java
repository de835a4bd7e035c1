package dev.tocsin.schemas.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of one parsed configuration tree, collecting each problem as
 * {@code "path: what is wrong"} rather than stopping at the first; one instance serves one pass
 * and is not thread-safe.
 */
public final class ConfigTree {
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

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
}
