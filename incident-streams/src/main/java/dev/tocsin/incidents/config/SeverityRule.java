package dev.tocsin.incidents.config;

import dev.tocsin.avro.Severity;
import java.util.Objects;

/** A configured severity rule: alerts whose labels match get {@code severity}. Immutable. */
public record SeverityRule(Matchers matchers, Severity severity) {
  public SeverityRule {
    Objects.requireNonNull(matchers, "matchers");
    Objects.requireNonNull(severity, "severity");
  }
}
