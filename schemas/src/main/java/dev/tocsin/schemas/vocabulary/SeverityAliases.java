package dev.tocsin.schemas.vocabulary;

import dev.tocsin.avro.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one table of severity aliases: what a {@code severity} or {@code priority} label, a Cloud
 * Monitoring severity or a person typing {@code /incident severity} may say, mapped to P0..P3.
 * Matched case-insensitively and ignoring surrounding blanks; keys are kept in lower case. The
 * playbooks' defaults may be extended or overridden by {@code severity.aliases} in
 * {@code tocsin.yml}, and then every service reading that file agrees. Immutable and thread-safe.
 */
public final class SeverityAliases {
  /** The label Prometheus rules habitually put the severity in. */
  public static final String SEVERITY_LABEL = "severity";
  /** The label some sources use instead. */
  public static final String PRIORITY_LABEL = "priority";
  /** Where an alert's own severity is read from, in this order. */
  public static final List<String> LABELS = List.of(SEVERITY_LABEL, PRIORITY_LABEL);

  private static final SeverityAliases DEFAULTS = new SeverityAliases(defaultTable());

  private final Map<String, Severity> table;

  private SeverityAliases(Map<String, Severity> table) {
    this.table = Collections.unmodifiableMap(table);
  }

  /**
   * The playbooks' aliases: critical, sev-1, sev1, p0, page → P0; high, sev-2, sev2, p1, error →
   * P1; medium, sev-3, sev3, p2, warning, warn → P2; low, sev-4, sev4, p3, info, informational,
   * none → P3. Prometheus rules habitually label {@code severity: warning} for "look at it soon"
   * and {@code severity: info} for "no action needed", hence P2 and P3.
   */
  public static SeverityAliases defaults() {
    return DEFAULTS;
  }

  /**
   * Exactly {@code aliases}, keys normalised.
   *
   * @throws IllegalArgumentException when an alias is blank, or two spellings of one alias map to
   *     different severities
   */
  public static SeverityAliases of(Map<String, Severity> aliases) {
    return new SeverityAliases(normalized(new LinkedHashMap<>(), aliases));
  }

  /** This table with {@code overrides} added, an override replacing an alias of the same name. */
  public SeverityAliases withOverrides(Map<String, Severity> overrides) {
    if (overrides.isEmpty()) {
      return this;
    }
    Map<String, Severity> merged = new LinkedHashMap<>(table);
    merged.putAll(normalized(new LinkedHashMap<>(), overrides));
    return new SeverityAliases(merged);
  }

  /** The table, keys in lower case, in the order they were given. */
  public Map<String, Severity> table() {
    return table;
  }

  /** The severity {@code value} is an alias of; empty for null, blank or unknown values. */
  public Optional<Severity> parse(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(table.get(normalize(value)));
  }

  /** The severity of the first of {@link #LABELS} whose value is an alias, else empty. */
  public Optional<Severity> fromLabels(Map<String, String> labels) {
    return fromLabels(labels, LABELS);
  }

  /** The severity of the first of {@code names} whose value in {@code labels} is an alias, else empty. */
  public Optional<Severity> fromLabels(Map<String, String> labels, List<String> names) {
    for (String name : names) {
      Optional<Severity> severity = parse(labels.get(name));
      if (severity.isPresent()) {
        return severity;
      }
    }
    return Optional.empty();
  }

  /** How aliases are compared: surrounding blanks dropped, lower case. */
  public static String normalize(String alias) {
    return alias.strip().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Severity> normalized(Map<String, Severity> into, Map<String, Severity> aliases) {
    Map<String, Severity> seen = new LinkedHashMap<>();
    for (Map.Entry<String, Severity> alias : aliases.entrySet()) {
      String key = normalize(alias.getKey());
      if (key.isEmpty()) {
        throw new IllegalArgumentException("an alias must not be empty");
      }
      Severity severity = Objects.requireNonNull(alias.getValue(), "alias value");
      Severity previous = seen.put(key, severity);
      if (previous != null && previous != severity) {
        throw new IllegalArgumentException("alias \"" + key + "\" maps to both " + previous + " and " + severity);
      }
      into.put(key, severity);
    }
    return into;
  }

  private static Map<String, Severity> defaultTable() {
    Map<String, Severity> table = new LinkedHashMap<>();
    for (String alias : List.of("critical", "sev-1", "sev1", "p0", "page")) {
      table.put(alias, Severity.P0);
    }
    for (String alias : List.of("high", "sev-2", "sev2", "p1", "error")) {
      table.put(alias, Severity.P1);
    }
    for (String alias : List.of("medium", "sev-3", "sev3", "p2", "warning", "warn")) {
      table.put(alias, Severity.P2);
    }
    for (String alias : List.of("low", "sev-4", "sev4", "p3", "info", "informational", "none")) {
      table.put(alias, Severity.P3);
    }
    return table;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SeverityAliases aliases && table.equals(aliases.table);
  }

  @Override
  public int hashCode() {
    return table.hashCode();
  }

  @Override
  public String toString() {
    return "SeverityAliases" + table;
  }
}
