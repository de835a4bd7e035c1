package dev.tocsin.incidents.config;

import dev.tocsin.avro.Severity;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an alert's severity is decided: configured {@code rules} first, then the first of
 * {@code labels} whose value is a known alias, then what the alert's source declared, then
 * {@code defaultSeverity}; and when an incident's firing alerts touch more than
 * {@code impactServicesForP0} distinct values of {@code impactLabel}, the incident is P0 whatever
 * its alerts say (0 turns that off). Aliases are matched case-insensitively; their keys are kept
 * in lower case. Immutable and thread-safe.
 */
public record SeverityPolicy(List<SeverityRule> rules, List<String> labels, Map<String, Severity> aliases,
    Severity defaultSeverity, String impactLabel, int impactServicesForP0) {
  /** The labels an alert's severity is read from when no rule matches. */
  public static final List<String> DEFAULT_LABELS = List.of("severity", "priority");
  /** The label whose distinct values count the services an incident touches. */
  public static final String DEFAULT_IMPACT_LABEL = "service";
  /** More distinct services than this among an incident's firing alerts make it P0. */
  public static final int DEFAULT_IMPACT_SERVICES_FOR_P0 = 2;

  private static final Map<String, Severity> DEFAULT_ALIASES = defaultTable();

  /** Copies, lower-cases the alias keys and checks the impact threshold. */
  public SeverityPolicy {
    rules = List.copyOf(rules);
    labels = List.copyOf(labels);
    Map<String, Severity> lowered = new LinkedHashMap<>();
    for (Map.Entry<String, Severity> alias : aliases.entrySet()) {
      String key = normalize(alias.getKey());
      Severity previous = lowered.put(key, Objects.requireNonNull(alias.getValue(), "alias value"));
      if (previous != null && previous != alias.getValue()) {
        throw new IllegalArgumentException("alias \"" + key + "\" maps to both " + previous + " and "
            + alias.getValue());
      }
    }
    aliases = Collections.unmodifiableMap(lowered);
    Objects.requireNonNull(defaultSeverity, "defaultSeverity");
    Objects.requireNonNull(impactLabel, "impactLabel");
    if (impactServicesForP0 < 0) {
      throw new IllegalArgumentException("impactServicesForP0 must not be negative");
    }
  }

  /** No rules, {@link #DEFAULT_LABELS}, {@link #defaultAliases()}, P3, and P0 beyond two services. */
  public static SeverityPolicy defaults() {
    return new SeverityPolicy(List.of(), DEFAULT_LABELS, DEFAULT_ALIASES, Severity.P3, DEFAULT_IMPACT_LABEL,
        DEFAULT_IMPACT_SERVICES_FOR_P0);
  }

  /**
   * The playbooks' aliases, keys in lower case: critical, sev-1, sev1, p0, page → P0; high, sev-2,
   * sev2, p1, error → P1; medium, sev-3, sev3, p2, warning, warn → P2; low, sev-4, sev4, p3, info,
   * informational, none → P3. Prometheus rules habitually label {@code severity: warning} for
   * "look at it soon" and {@code severity: info} for "no action needed", hence P2 and P3.
   */
  public static Map<String, Severity> defaultAliases() {
    return DEFAULT_ALIASES;
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
    return Collections.unmodifiableMap(table);
  }

  /**
   * The severity of an alert: the first rule matching {@code labels}; else the alias of the first
   * of {@link #labels()} whose value is one; else {@code sourceSeverity} (what the alert's source
   * declared, may be null); else {@link #defaultSeverity()}.
   */
  public Severity classify(Map<String, String> labels, Severity sourceSeverity) {
    for (SeverityRule rule : rules) {
      if (rule.matchers().matches(labels)) {
        return rule.severity();
      }
    }
    for (String label : this.labels) {
      String value = labels.get(label);
      if (value != null) {
        Optional<Severity> alias = alias(value);
        if (alias.isPresent()) {
          return alias.get();
        }
      }
    }
    return sourceSeverity != null ? sourceSeverity : defaultSeverity;
  }

  /** The severity {@code value} is an alias of, case and surrounding blanks ignored. */
  public Optional<Severity> alias(String value) {
    return Optional.ofNullable(aliases.get(normalize(value)));
  }

  /**
   * P0 when the distinct non-empty values of {@link #impactLabel()} among the firing alerts'
   * labels are more than {@link #impactServicesForP0()} (and that is not 0); else empty.
   */
  public Optional<Severity> impact(Collection<Map<String, String>> firingAlertLabels) {
    if (impactServicesForP0 == 0) {
      return Optional.empty();
    }
    Set<String> services = new HashSet<>();
    for (Map<String, String> labels : firingAlertLabels) {
      String value = labels.get(impactLabel);
      if (value != null && !value.isEmpty()) {
        services.add(value);
      }
    }
    return services.size() > impactServicesForP0 ? Optional.of(Severity.P0) : Optional.empty();
  }

  private static String normalize(String alias) {
    return alias.strip().toLowerCase(Locale.ROOT);
  }
}
