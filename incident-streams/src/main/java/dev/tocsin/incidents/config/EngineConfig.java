package dev.tocsin.incidents.config;

import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The incident engine's behaviour: routes, severity, escalation, reminders, silences, inhibition
 * and the quiet period, as read from {@code tocsin.yml} by {@link EngineConfigFile}. Immutable
 * and thread-safe.
 *
 * <p>Built-in defaults, used by {@link #defaults} and for whatever the file leaves out, follow the
 * playbooks' response times (P0 acknowledged within 5 minutes, P1 within 15, P2 within the hour,
 * P3 the next business day):
 * <table>
 *   <caption>Built-in escalation</caption>
 *   <tr><th>severity</th><th>policy</th><th>levels</th><th>loops</th><th>pages</th><th>reminders</th></tr>
 *   <tr><td>P0</td><td>{@code p0-default}</td><td>[5m, route's receivers]</td><td>2</td>
 *       <td>at 0, 5m, 10m until acknowledged</td><td>every 15m</td></tr>
 *   <tr><td>P1</td><td>{@code p1-default}</td><td>[15m, route's receivers]</td><td>1</td>
 *       <td>at 0, 15m</td><td>every 30m</td></tr>
 *   <tr><td>P2</td><td>{@code p2-default}</td><td>[60m, route's receivers]</td><td>0</td>
 *       <td>at 0</td><td>none</td></tr>
 *   <tr><td>P3</td><td>{@code p3-default}</td><td>[0s, route's receivers]</td><td>0</td>
 *       <td>at 0: page once, never escalate</td><td>none</td></tr>
 * </table>
 * A file may redefine a built-in policy by its name, or point a severity at its own policy.
 * The default route is Alertmanager's: {@code group_wait} 30s, {@code group_interval} 5m,
 * {@code repeat_interval} 4h.
 *
 * @param escalationBySeverity the policy each severity follows when its route names none; every
 *     severity has one
 * @param reminders how often an unresolved incident of a severity gets an update reminder; a
 *     severity without an entry gets none
 * @param quietPeriod how long an incident whose alerts all resolved waits before it resolves
 */
public record EngineConfig(RouteTree routes, SeverityPolicy severity, Map<String, EscalationPolicy> escalationPolicies,
    Map<Severity, String> escalationBySeverity, Map<Severity, Duration> reminders, List<Silence> silences,
    List<InhibitRule> inhibitRules, Duration quietPeriod) {
  /** The built-in policies, by name. */
  public static final Map<String, EscalationPolicy> DEFAULT_POLICIES = builtInPolicies();
  /** The built-in policy of each severity. */
  public static final Map<Severity, String> DEFAULT_ESCALATION = Collections.unmodifiableMap(new EnumMap<>(Map.of(
      Severity.P0, "p0-default", Severity.P1, "p1-default", Severity.P2, "p2-default", Severity.P3, "p3-default")));
  /** The built-in reminder cadences. */
  public static final Map<Severity, Duration> DEFAULT_REMINDERS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
      Severity.P0, Duration.ofMinutes(15), Severity.P1, Duration.ofMinutes(30))));

  /** Copies and checks that every policy reference resolves and every severity has a policy. */
  public EngineConfig {
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(severity, "severity");
    escalationPolicies = Collections.unmodifiableMap(new LinkedHashMap<>(escalationPolicies));
    escalationBySeverity = bySeverity(escalationBySeverity);
    reminders = bySeverity(reminders);
    silences = List.copyOf(silences);
    inhibitRules = List.copyOf(inhibitRules);
    Objects.requireNonNull(quietPeriod, "quietPeriod");
    for (Map.Entry<String, EscalationPolicy> policy : escalationPolicies.entrySet()) {
      if (!policy.getKey().equals(policy.getValue().name())) {
        throw new IllegalArgumentException("escalation policy " + policy.getValue().name() + " is filed under "
            + policy.getKey());
      }
    }
    for (Severity level : Severity.values()) {
      String name = escalationBySeverity.get(level);
      if (name == null) {
        throw new IllegalArgumentException("no escalation policy for " + level);
      }
      if (!escalationPolicies.containsKey(name)) {
        throw new IllegalArgumentException(level + " escalates by the unknown policy " + name);
      }
    }
    for (Route route : routes.routes()) {
      if (route.escalationPolicy() != null && !escalationPolicies.containsKey(route.escalationPolicy())) {
        throw new IllegalArgumentException("route " + route.id() + " escalates by the unknown policy "
            + route.escalationPolicy());
      }
    }
    reminders.forEach((level, interval) -> {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("the reminder interval of " + level + " must be positive");
      }
    });
    if (quietPeriod.isNegative()) {
      throw new IllegalArgumentException("the quiet period must not be negative");
    }
  }

  /**
   * The engine without a file: one root route to {@code receivers} grouped by {@code groupBy}
   * ({@code ["..."]} for every label) with Alertmanager's timings, {@link SeverityPolicy#defaults()},
   * the built-in policies and reminders, no silences or inhibit rules.
   */
  public static EngineConfig defaults(List<String> receivers, List<String> groupBy, Duration quietPeriod) {
    return new EngineConfig(new RouteTree(Route.root(receivers, GroupBy.of(groupBy))), SeverityPolicy.defaults(),
        DEFAULT_POLICIES, DEFAULT_ESCALATION, DEFAULT_REMINDERS, List.of(), List.of(), quietPeriod);
  }

  private static <V> Map<Severity, V> bySeverity(Map<Severity, V> values) {
    Map<Severity, V> copy = new EnumMap<>(Severity.class);
    values.forEach((level, value) -> copy.put(Objects.requireNonNull(level), Objects.requireNonNull(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static Map<String, EscalationPolicy> builtInPolicies() {
    Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
    for (EscalationPolicy policy : List.of(
        new EscalationPolicy("p0-default", List.of(new EscalationLevel(Duration.ofMinutes(5), List.of())), 2),
        new EscalationPolicy("p1-default", List.of(new EscalationLevel(Duration.ofMinutes(15), List.of())), 1),
        new EscalationPolicy("p2-default", List.of(new EscalationLevel(Duration.ofMinutes(60), List.of())), 0),
        new EscalationPolicy("p3-default", List.of(new EscalationLevel(Duration.ZERO, List.of())), 0))) {
      policies.put(policy.name(), policy);
    }
    return Collections.unmodifiableMap(policies);
  }

  /**
   * The policy an incident on {@code route} with {@code severity} follows: the route's
   * {@code escalation_policy}, or the nearest ancestor's, or else the severity's default.
   */
  public EscalationPolicy policyFor(Route route, Severity severity) {
    Optional<Route> at = Optional.of(route);
    while (at.isPresent()) {
      String name = at.get().escalationPolicy();
      if (name != null) {
        EscalationPolicy policy = escalationPolicies.get(name);
        if (policy == null) {
          throw new IllegalArgumentException("route " + route.id() + " escalates by the unknown policy " + name);
        }
        return policy;
      }
      at = routes.parent(at.get().id());
    }
    return escalationPolicies.get(escalationBySeverity.get(severity));
  }

  /** How often an unresolved incident of {@code severity} gets an update reminder; empty: never. */
  public Optional<Duration> reminderInterval(Severity severity) {
    return Optional.ofNullable(reminders.get(severity));
  }

  /** This configuration with other routes. */
  public EngineConfig withRoutes(RouteTree newRoutes) {
    return new EngineConfig(newRoutes, severity, escalationPolicies, escalationBySeverity, reminders, silences,
        inhibitRules, quietPeriod);
  }

  /** This configuration with another severity policy. */
  public EngineConfig withSeverity(SeverityPolicy newSeverity) {
    return new EngineConfig(routes, newSeverity, escalationPolicies, escalationBySeverity, reminders, silences,
        inhibitRules, quietPeriod);
  }

  /** This configuration with other silences. */
  public EngineConfig withSilences(List<Silence> newSilences) {
    return new EngineConfig(routes, severity, escalationPolicies, escalationBySeverity, reminders, newSilences,
        inhibitRules, quietPeriod);
  }

  /** This configuration with other inhibit rules. */
  public EngineConfig withInhibitRules(List<InhibitRule> newRules) {
    return new EngineConfig(routes, severity, escalationPolicies, escalationBySeverity, reminders, silences,
        newRules, quietPeriod);
  }
}
