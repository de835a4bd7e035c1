package dev.tocsin.incidents.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of the routing tree, as in Alertmanager, with everything it inherits already resolved:
 * receivers, grouping, timings and escalation policy are the effective values for alerts this
 * node takes. {@code escalationPolicy} is null when neither it nor an ancestor names one (the
 * severity's default policy applies). Immutable.
 *
 * <p>{@code id} is Alertmanager's route key: {@value #ROOT_ID} for the root, and
 * {@code <parent id>/<matchers>} for a child, e.g. {@code {}/{service=~"db|cache"}}; siblings
 * with the same matchers are told apart by their position, {@code .../{env="prod"}/1}. See
 * {@link #childIds}.
 */
public record Route(String id, Matchers matchers, List<String> receivers, GroupBy groupBy, Duration groupWait,
    Duration groupInterval, Duration repeatInterval, boolean continueMatching, String escalationPolicy,
    List<Route> routes) {
  /** The root route's id. */
  public static final String ROOT_ID = "{}";
  /** Alertmanager's default {@code group_wait}. */
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  /** Alertmanager's default {@code group_interval}. */
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  /** Alertmanager's default {@code repeat_interval}. */
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

  /** Checks what no route may lack: a receiver, a positive group and repeat interval. */
  public Route {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(matchers, "matchers");
    receivers = List.copyOf(receivers);
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(groupWait, "groupWait");
    Objects.requireNonNull(groupInterval, "groupInterval");
    Objects.requireNonNull(repeatInterval, "repeatInterval");
    routes = List.copyOf(routes);
    if (receivers.isEmpty()) {
      throw new IllegalArgumentException("route " + id + " has no receiver");
    }
    if (groupWait.isNegative()) {
      throw new IllegalArgumentException("route " + id + ": group_wait must not be negative");
    }
    if (groupInterval.isNegative() || groupInterval.isZero()) {
      throw new IllegalArgumentException("route " + id + ": group_interval must be positive");
    }
    if (repeatInterval.isNegative() || repeatInterval.isZero()) {
      throw new IllegalArgumentException("route " + id + ": repeat_interval must be positive");
    }
  }

  /** A root route with Alertmanager's default timings and no children. */
  public static Route root(List<String> receivers, GroupBy groupBy) {
    return new Route(ROOT_ID, Matchers.EMPTY, receivers, groupBy, DEFAULT_GROUP_WAIT, DEFAULT_GROUP_INTERVAL,
        DEFAULT_REPEAT_INTERVAL, false, null, List.of());
  }

  /** This route with other children. */
  public Route withRoutes(List<Route> children) {
    return new Route(id, matchers, receivers, groupBy, groupWait, groupInterval, repeatInterval, continueMatching,
        escalationPolicy, children);
  }

  /**
   * The ids of children with the given matchers under {@code parentId}:
   * {@code <parentId>/<matchers>}, plus {@code /<index>} for each child whose id would otherwise
   * equal a sibling's. Stable for a given file.
   */
  public static List<String> childIds(String parentId, List<Matchers> children) {
    Map<String, Integer> counts = new HashMap<>();
    for (Matchers matchers : children) {
      counts.merge(parentId + "/" + matchers, 1, Integer::sum);
    }
    List<String> ids = new ArrayList<>(children.size());
    for (int i = 0; i < children.size(); i++) {
      String id = parentId + "/" + children.get(i);
      ids.add(counts.get(id) > 1 ? id + "/" + i : id);
    }
    return ids;
  }

  /** {@code root} and its descendants with ids derived by the rule above, e.g. for routes built in code. */
  public static Route withDerivedIds(Route root) {
    return derive(root, ROOT_ID);
  }

  private static Route derive(Route route, String id) {
    List<String> ids = childIds(id, route.routes().stream().map(Route::matchers).toList());
    List<Route> children = new ArrayList<>();
    for (int i = 0; i < route.routes().size(); i++) {
      children.add(derive(route.routes().get(i), ids.get(i)));
    }
    return new Route(id, route.matchers(), route.receivers(), route.groupBy(), route.groupWait(),
        route.groupInterval(), route.repeatInterval(), route.continueMatching(), route.escalationPolicy(), children);
  }
}
