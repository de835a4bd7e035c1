package dev.tocsin.ingest.domain;

import dev.tocsin.avro.Severity;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the severity a source declares (a {@code severity} or {@code priority} label) to P0..P3
 * through the playbooks' aliases, case-insensitively.
 */
public final class SeverityAliases {
  public static final String SEVERITY_LABEL = "severity";
  public static final String PRIORITY_LABEL = "priority";

  private static final Map<String, Severity> ALIASES = Map.ofEntries(
      Map.entry("critical", Severity.P0), Map.entry("sev-1", Severity.P0), Map.entry("sev1", Severity.P0),
      Map.entry("p0", Severity.P0),
      Map.entry("high", Severity.P1), Map.entry("sev-2", Severity.P1), Map.entry("sev2", Severity.P1),
      Map.entry("error", Severity.P1), Map.entry("p1", Severity.P1),
      Map.entry("medium", Severity.P2), Map.entry("sev-3", Severity.P2), Map.entry("sev3", Severity.P2),
      Map.entry("warning", Severity.P2), Map.entry("p2", Severity.P2),
      Map.entry("low", Severity.P3), Map.entry("sev-4", Severity.P3), Map.entry("sev4", Severity.P3),
      Map.entry("info", Severity.P3), Map.entry("p3", Severity.P3));

  private SeverityAliases() {
  }

  /** The severity an alias names, or empty for null, blank or unknown values. */
  public static Optional<Severity> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(ALIASES.get(value.trim().toLowerCase(Locale.ROOT)));
  }

  /** The severity declared by the {@code severity} label, else by the {@code priority} label, else empty. */
  public static Optional<Severity> fromLabels(Map<String, String> labels) {
    return parse(labels.get(SEVERITY_LABEL)).or(() -> parse(labels.get(PRIORITY_LABEL)));
  }
}
