package dev.tocsin.incidents.config;

import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an alert's severity is decided: configured {@code rules} first, then the first of
 * {@code labels} whose value is a known alias, then what the alert's source declared, then
 * {@code defaultSeverity}; and when an incident's firing alerts touch more than
 * {@code impactServicesForP0} distinct values of {@code impactLabel}, the incident is P0 whatever
 * its alerts say (0 turns that off). The aliases are the one shared table
 * ({@link SeverityAliases}), with the file's overrides. Immutable and thread-safe.
 */
public record SeverityPolicy(List<SeverityRule> rules, List<String> labels, SeverityAliases aliases,
    Severity defaultSeverity, String impactLabel, int impactServicesForP0) {
  /** The labels an alert's severity is read from when no rule matches. */
  public static final List<String> DEFAULT_LABELS = SeverityAliases.LABELS;
  /** The label whose distinct values count the services an incident touches. */
  public static final String DEFAULT_IMPACT_LABEL = "service";
  /** More distinct services than this among an incident's firing alerts make it P0. */
  public static final int DEFAULT_IMPACT_SERVICES_FOR_P0 = 2;

  /** Copies and checks the impact threshold. */
  public SeverityPolicy {
    rules = List.copyOf(rules);
    labels = List.copyOf(labels);
    Objects.requireNonNull(aliases, "aliases");
    Objects.requireNonNull(defaultSeverity, "defaultSeverity");
    Objects.requireNonNull(impactLabel, "impactLabel");
    if (impactServicesForP0 < 0) {
      throw new IllegalArgumentException("impactServicesForP0 must not be negative");
    }
  }

  /** No rules, {@link #DEFAULT_LABELS}, {@link SeverityAliases#defaults()}, P3, and P0 beyond two services. */
  public static SeverityPolicy defaults() {
    return new SeverityPolicy(List.of(), DEFAULT_LABELS, SeverityAliases.defaults(), Severity.P3, DEFAULT_IMPACT_LABEL,
        DEFAULT_IMPACT_SERVICES_FOR_P0);
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
    return aliases.fromLabels(labels, this.labels)
        .orElse(sourceSeverity != null ? sourceSeverity : defaultSeverity);
  }

  /** The severity {@code value} is an alias of, case and surrounding blanks ignored. */
  public Optional<Severity> alias(String value) {
    return aliases.parse(value);
  }
  /**
   * P0 when the distinct non-empty values of {@link #impactLabel()} among the firing alerts'
   * labels are more than {@link #impactServicesForP0()} (and that is not 0); else empty.
   */
  public Optional<Severity> impact(Iterable<Map<String, String>> firingAlertLabels) {
    if (impactServicesForP0 == 0) {
      return Optional.empty();
    }
    Set<String> services = new HashSet<>();
    for (Map<String, String> labels : firingAlertLabels) {
      String value = labels.get(impactLabel);
      if (value != null && !value.isEmpty() && services.add(value) && services.size() > impactServicesForP0) {
        return Optional.of(Severity.P0);
      }
    }
    return Optional.empty();
  }
}
