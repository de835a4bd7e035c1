package dev.tocsin.incidents.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An inhibition rule, as in Alertmanager: while a source alert fires, it mutes target alerts that
 * agree with it on every {@code equal} label. Immutable.
 */
public record InhibitRule(Matchers sourceMatchers, Matchers targetMatchers, List<String> equal) {
  public InhibitRule {
    Objects.requireNonNull(sourceMatchers, "sourceMatchers");
    Objects.requireNonNull(targetMatchers, "targetMatchers");
    equal = List.copyOf(equal);
  }

  /**
   * Whether an alert labelled {@code source} inhibits one labelled {@code target}: the target
   * matches the target matchers, the source the source matchers, and each {@code equal} label has
   * the same value in both (a label missing from both counts as equal, as does missing and empty).
   * As in Alertmanager, a label set matching both sides never inhibits itself, so a rule like
   * "critical mutes warning|critical" cannot silence the alert that fires it.
   */
  public boolean inhibits(Map<String, String> source, Map<String, String> target) {
    if (!targetMatchers.matches(target) || !sourceMatchers.matches(source)) {
      return false;
    }
    if (source.equals(target)) {
      return false;
    }
    for (String label : equal) {
      if (!valueOf(source, label).equals(valueOf(target, label))) {
        return false;
      }
    }
    return true;
  }

  private static String valueOf(Map<String, String> labels, String label) {
    String value = labels.get(label);
    return value == null ? "" : value;
  }
}
