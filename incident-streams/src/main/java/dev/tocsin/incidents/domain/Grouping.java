package dev.tocsin.incidents.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which group an alert belongs to: the values of the {@code group_by} labels, rendered like
 * Alertmanager's group labels ({@code {alertname="X", service="Y"}}). A missing label counts as
 * empty, as in Alertmanager.
 */
public record Grouping(List<String> groupBy) {
  /** The walking skeleton's grouping: one incident per (alertname, service). */
  public static final Grouping DEFAULT = new Grouping(List.of("alertname", "service"));

  public Grouping {
    groupBy = List.copyOf(groupBy);
  }

  /** The group labels of an alert: name → value for each {@code group_by} label, in order. */
  public Map<String, String> groupLabels(Map<String, String> labels) {
    Map<String, String> group = new LinkedHashMap<>();
    for (String name : groupBy) {
      group.put(name, labels.getOrDefault(name, ""));
    }
    return group;
  }

  /** The group key of an alert's labels. */
  public String groupKey(Map<String, String> labels) {
    StringBuilder key = new StringBuilder("{");
    groupLabels(labels).forEach((name, value) -> {
      if (key.length() > 1) {
        key.append(", ");
      }
      key.append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    });
    return key.append('}').toString();
  }
}
