package dev.tocsin.incidents.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing tree, matched as Alertmanager's dispatcher does. Immutable and thread-safe.
 */
public final class RouteTree {
  private final Route root;
  private final Map<String, Route> byId;
  private final Map<String, Route> parentById;

  /**
   * A tree rooted at {@code root}; its matchers are ignored, since the root takes every alert.
   *
   * @throws IllegalArgumentException when two routes share an id
   */
  public RouteTree(Route root) {
    this.root = Objects.requireNonNull(root, "root");
    Map<String, Route> routes = new LinkedHashMap<>();
    Map<String, Route> parents = new LinkedHashMap<>();
    index(root, null, routes, parents);
    this.byId = Collections.unmodifiableMap(routes);
    this.parentById = Collections.unmodifiableMap(parents);
  }

  private static void index(Route route, Route parent, Map<String, Route> routes, Map<String, Route> parents) {
    if (routes.putIfAbsent(route.id(), route) != null) {
      throw new IllegalArgumentException("two routes have the id " + route.id());
    }
    if (parent != null) {
      parents.put(route.id(), parent);
    }
    for (Route child : route.routes()) {
      index(child, route, routes, parents);
    }
  }

  public Route root() {
    return root;
  }

  /**
   * The routes an alert with {@code labels} takes, in tree order: depth first, children in order;
   * the first matching child wins unless it has {@code continue: true}; a node none of whose
   * children match takes the alert itself; the root always matches. Never empty.
   */
  public List<RouteMatch> match(Map<String, String> labels) {
    List<Route> routes = new ArrayList<>();
    collect(root, labels, true, routes);
    List<RouteMatch> matches = new ArrayList<>(routes.size());
    for (Route route : routes) {
      matches.add(RouteMatch.of(route, labels));
    }
    return List.copyOf(matches);
  }

  private static boolean collect(Route route, Map<String, String> labels, boolean isRoot, List<Route> into) {
    if (!isRoot && !route.matchers().matches(labels)) {
      return false;
    }
    int before = into.size();
    for (Route child : route.routes()) {
      if (collect(child, labels, false, into) && !child.continueMatching()) {
        break;
      }
    }
    if (into.size() == before) {
      into.add(route);
    }
    return true;
  }

  /** The route with {@code id}. */
  public Optional<Route> route(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The parent of the route with {@code id}; empty for the root or an unknown id. */
  public Optional<Route> parent(String id) {
    return Optional.ofNullable(parentById.get(id));
  }

  /** Every route, depth first in file order, the root first. */
  public List<Route> routes() {
    return List.copyOf(byId.values());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RouteTree tree && tree.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return "RouteTree" + byId.keySet();
  }
}
