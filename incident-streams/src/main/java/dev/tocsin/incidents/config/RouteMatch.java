package dev.tocsin.incidents.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A route an alert took, with its group labels and group key: one open incident per group key.
 * The key is Alertmanager's, {@code <route id>:{name="value", ...}}, group labels in
 * {@link GroupBy#groupLabels} order and values Go-quoted.
 */
public record RouteMatch(Route route, Map<String, String> groupLabels, String groupKey) {
  public RouteMatch {
    Objects.requireNonNull(route, "route");
    groupLabels = Collections.unmodifiableMap(new LinkedHashMap<>(groupLabels));
    Objects.requireNonNull(groupKey, "groupKey");
  }

  /** The match of {@code route} for an alert with {@code alertLabels}. */
  public static RouteMatch of(Route route, Map<String, String> alertLabels) {
    Map<String, String> group = route.groupBy().groupLabels(alertLabels);
    return new RouteMatch(route, group, groupKey(route, group));
  }

  /** {@code <route id>:{name="value", ...}}, like {@code domain.Grouping#groupKey} behind the route's id. */
  public static String groupKey(Route route, Map<String, String> groupLabels) {
    StringBuilder key = new StringBuilder(route.id()).append(":{");
    boolean first = true;
    for (Map.Entry<String, String> label : groupLabels.entrySet()) {
      if (!first) {
        key.append(", ");
      }
      first = false;
      key.append(label.getKey()).append('=').append(Quoting.quote(label.getValue()));
    }
    return key.append('}').toString();
  }
}
