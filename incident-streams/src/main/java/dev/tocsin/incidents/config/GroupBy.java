package dev.tocsin.incidents.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A route's {@code group_by}: the labels whose values make one group (one incident), or every
 * label ({@code group_by: ['...']}, {@code allLabels}). Immutable.
 */
public record GroupBy(boolean allLabels, List<String> labels) {
  /** How {@code group_by} says "every label". */
  public static final String ALL_LABELS = "...";

  /** Checks that {@code allLabels} comes without named labels. */
  public GroupBy {
    labels = List.copyOf(labels);
    if (allLabels && !labels.isEmpty()) {
      throw new IllegalArgumentException("group by all labels takes no label names");
    }
  }

  /** Grouping by the named labels; a list holding only {@code ...} means every label. */
  public static GroupBy of(List<String> labels) {
    return labels.equals(List.of(ALL_LABELS)) ? all() : new GroupBy(false, labels);
  }

  /** Grouping by every label. */
  public static GroupBy all() {
    return new GroupBy(true, List.of());
  }

  /**
   * The group labels of an alert: each configured label in order, a missing one as {@code ""};
   * for every-label grouping, all the alert's labels sorted by name.
   */
  public Map<String, String> groupLabels(Map<String, String> alertLabels) {
    Map<String, String> group = new LinkedHashMap<>();
    if (allLabels) {
      group.putAll(new TreeMap<>(alertLabels));
    } else {
      for (String name : labels) {
        String value = alertLabels.get(name);
        group.put(name, value == null ? "" : value);
      }
    }
    return Collections.unmodifiableMap(group);
  }

  /** As written in YAML, e.g. {@code [alertname, service]} or {@code ['...']}. */
  @Override
  public String toString() {
    return allLabels ? "['...']" : labels.toString();
  }
}
