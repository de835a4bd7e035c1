package dev.tocsin.incidents.config;

import static dev.tocsin.schemas.config.ConfigTree.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.ConfigTree;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the engine's sections of a {@code tocsin.yml} — {@code route}, {@code severity},
 * {@code escalation_policies}, {@code escalation}, {@code reminders}, {@code incidents},
 * {@code silences}, {@code inhibit_rules} — into an {@link EngineConfig}, reporting every problem
 * at once with its path. Other top-level sections belong to other services and are ignored, except
 * that a {@code receivers:} section listing names makes every receiver a route or escalation level
 * names have to be one of them. A string value that is exactly {@code ${NAME}} is replaced by the
 * environment variable {@code NAME}. What the file leaves out comes from the given defaults
 * (maps such as {@code escalation} and {@code reminders} are merged over them). The reference of
 * every key is {@code examples/tocsin-engine.md}. Stateless and thread-safe.
 */
public final class EngineConfigFile {
  /** Alertmanager's older keys, which a migrating user may bring along; no mapping allows them. */
  private static final Map<String, String> HINTS = Map.of(
      "match", "Alertmanager's older form; write matchers: ['name=\"value\"']",
      "match_re", "Alertmanager's older form; write matchers: ['name=~\"regex\"']",
      "source_match", "Alertmanager's older form; write source_matchers: ['name=\"value\"']",
      "source_match_re", "Alertmanager's older form; write source_matchers: ['name=~\"regex\"']",
      "target_match", "Alertmanager's older form; write target_matchers: ['name=\"value\"']",
      "target_match_re", "Alertmanager's older form; write target_matchers: ['name=~\"regex\"']");

  private EngineConfigFile() {
  }

  /**
   * Reads and validates the engine's configuration in {@code file}.
   *
   * @param environment where {@code ${NAME}} references are looked up, normally {@code System.getenv()}
   * @param defaults what the file leaves out: the root's receivers, group_by and timings, the quiet
   *     period, and every section the file omits
   * @throws InvalidEngineConfigException listing every problem, including an unreadable file
   */
  public static EngineConfig load(Path file, Map<String, String> environment, EngineConfig defaults)
      throws InvalidEngineConfigException {
    Walker walker = new Walker(environment, defaults);
    return walker.finish(file.toString(), walker.tree.readYaml(file));
  }

  /**
   * Validates the engine's configuration in {@code yaml}.
   *
   * @param sourceName names the YAML in the exception's message, e.g. its file name
   * @throws InvalidEngineConfigException listing every problem
   */
  public static EngineConfig parse(String yaml, String sourceName, Map<String, String> environment,
      EngineConfig defaults) throws InvalidEngineConfigException {
    Walker walker = new Walker(environment, defaults);
    return walker.finish(sourceName, walker.tree.parseYaml(yaml, sourceName));
  }

  /** A name a path refers to, checked once everything it may refer to is known. */
  private record Reference(String path, String name, boolean inheritedFromDefaults) {
  }

  /** One validation pass, collecting problems as it goes; what it returns is only valid without any. */
  private static final class Walker {
    private final ConfigTree tree;
    private final EngineConfig defaults;
    private final List<Reference> receiverReferences = new ArrayList<>();
    private final List<Reference> policyReferences = new ArrayList<>();
    /** Policy names the file declares, valid or not, so a broken policy is not also reported as unknown. */
    private final Set<String> declaredPolicies = new LinkedHashSet<>();

    Walker(Map<String, String> environment, EngineConfig defaults) {
      this.tree = new ConfigTree(environment, Walker::unknownKey);
      this.defaults = defaults;
    }

    /** An Alertmanager key gets its modern form; any other unknown key, the keys the mapping takes. */
    private static String unknownKey(String key, List<String> allowed) {
      return HINTS.containsKey(key) ? "not supported (" + HINTS.get(key) + ")"
          : "unknown key (expected one of " + String.join(", ", allowed) + ")";
    }

    EngineConfig finish(String source, Optional<JsonNode> document) {
      EngineConfig config = document.isPresent() ? config(document.get()) : null;
      if (tree.problemCount() > 0) {
        throw new InvalidEngineConfigException(source, tree.problems());
      }
      return config;
    }

    private EngineConfig config(JsonNode root) {
      if (!root.isObject()) {
        tree.report("(top level): must be a mapping of sections");
        return null;
      }
      Route route = present(root, "route") ? rootRoute(root.get("route")) : defaults.routes().root();
      SeverityPolicy severity = present(root, "severity") ? severity(root.get("severity")) : defaults.severity();
      Map<String, EscalationPolicy> policies = policies(root.get("escalation_policies"));
      Map<Severity, String> escalation = escalation(root.get("escalation"));
      Map<Severity, Duration> reminders = reminders(root.get("reminders"));
      Duration quietPeriod = quietPeriod(root.get("incidents"));
      List<Silence> silences = present(root, "silences") ? silences(root.get("silences")) : defaults.silences();
      List<InhibitRule> inhibitRules = present(root, "inhibit_rules")
          ? inhibitRules(root.get("inhibit_rules")) : defaults.inhibitRules();
      checkPolicyReferences(policies);
      checkReceiverReferences(root.get("receivers"));
      if (tree.problemCount() > 0) {
        return null;
      }
      try {
        return new EngineConfig(new RouteTree(route), severity, policies, escalation, reminders, silences,
            inhibitRules, quietPeriod);
      } catch (IllegalArgumentException e) {
        tree.report("(engine configuration): " + e.getMessage());
        return null;
      }
    }

    // ---- route

    private Route rootRoute(JsonNode node) {
      Route inherited = defaults.routes().root();
      if (!tree.mapping(node, "route", "receiver", "receivers", "group_by", "group_wait", "group_interval",
          "repeat_interval", "escalation_policy", "routes", "matchers", "continue")) {
        return inherited;
      }
      if (present(node, "matchers")) {
        tree.report("route.matchers: the root route takes every alert and has no matchers");
      }
      if (present(node, "continue")) {
        tree.report("route.continue: the root route cannot continue");
      }
      if (!present(node, "receiver") && !present(node, "receivers")) {
        for (String receiver : inherited.receivers()) {
          receiverReferences.add(new Reference("route.receiver", receiver, true));
        }
      }
      return route(node, "route", inherited, Route.ROOT_ID, Matchers.EMPTY, false);
    }

    /** A route whose own keys override {@code parent}'s effective values; {@code node} is a checked mapping. */
    private Route route(JsonNode node, String path, Route parent, String id, Matchers matchers,
        boolean continueMatching) {
      List<String> receivers = receivers(node, path).orElse(parent.receivers());
      GroupBy groupBy = present(node, "group_by") ? groupBy(node.get("group_by"), path + ".group_by")
          .orElse(parent.groupBy()) : parent.groupBy();
      Duration groupWait = tree.duration(node, "group_wait", path, parent.groupWait(), true);
      Duration groupInterval = tree.duration(node, "group_interval", path, parent.groupInterval(), false);
      Duration repeatInterval = tree.duration(node, "repeat_interval", path, parent.repeatInterval(), false);
      String policy = parent.escalationPolicy();
      if (present(node, "escalation_policy")) {
        Optional<String> name = tree.nonEmptyString(node.get("escalation_policy"), path + ".escalation_policy");
        name.ifPresent(value -> policyReferences.add(new Reference(path + ".escalation_policy", value, false)));
        policy = name.orElse(policy);
      }
      Route self = new Route(id, matchers, receivers, groupBy, groupWait,
          groupInterval, repeatInterval, continueMatching, policy, List.of());
      return self.withRoutes(children(node, path, self));
    }

    private List<Route> children(JsonNode node, String path, Route self) {
      if (!present(node, "routes")) {
        return List.of();
      }
      List<JsonNode> entries = tree.list(node.get("routes"), path + ".routes");
      List<Matchers> childMatchers = new ArrayList<>();
      List<Boolean> usable = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        String at = path + ".routes[" + i + "]";
        JsonNode child = entries.get(i);
        boolean ok = tree.mapping(child, at, "matchers", "receiver", "receivers", "group_by", "group_wait",
            "group_interval", "repeat_interval", "continue", "escalation_policy", "routes");
        usable.add(ok);
        childMatchers.add(ok ? matchers(child, "matchers", at, false).orElse(Matchers.EMPTY) : Matchers.EMPTY);
      }
      List<String> ids = Route.childIds(self.id(), childMatchers);
      List<Route> children = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        if (usable.get(i)) {
          String at = path + ".routes[" + i + "]";
          boolean continueMatching = tree.bool(entries.get(i), "continue", at, false);
          children.add(route(entries.get(i), at, self, ids.get(i), childMatchers.get(i), continueMatching));
        }
      }
      return children;
    }

    /** The route's own receivers ({@code receiver} or {@code receivers}), if it names any. */
    private Optional<List<String>> receivers(JsonNode node, String path) {
      boolean one = present(node, "receiver");
      boolean many = present(node, "receivers");
      if (one && many) {
        tree.report(path + ".receivers: give receiver or receivers, not both");
        return Optional.empty();
      }
      if (one) {
        String at = path + ".receiver";
        Optional<String> name = tree.nonEmptyString(node.get("receiver"), at);
        name.ifPresent(value -> receiverReferences.add(new Reference(at, value, false)));
        return name.map(List::of);
      }
      if (many) {
        String at = path + ".receivers";
        List<String> names = receiverList(node.get("receivers"), at);
        if (names.isEmpty() && node.get("receivers").isArray()) {
          tree.report(at + ": must name at least one receiver");
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(names);
      }
      return Optional.empty();
    }

    private List<String> receiverList(JsonNode node, String path) {
      List<JsonNode> entries = tree.list(node, path);
      List<String> names = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        String at = path + "[" + i + "]";
        Optional<String> name = tree.nonEmptyString(entries.get(i), at);
        if (name.isPresent()) {
          if (!seen.add(name.get())) {
            tree.report(at + ": receiver \"" + name.get() + "\" is listed twice");
          } else {
            receiverReferences.add(new Reference(at, name.get(), false));
            names.add(name.get());
          }
        }
      }
      return names;
    }

    private Optional<GroupBy> groupBy(JsonNode node, String path) {
      int before = tree.problemCount();
      List<JsonNode> entries = tree.list(node, path);
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        String at = path + "[" + i + "]";
        Optional<String> label = tree.string(entries.get(i), at);
        if (label.isEmpty()) {
          continue;
        }
        if (labels.contains(label.get())) {
          tree.report(at + ": label \"" + label.get() + "\" is listed twice");
        } else if (!label.get().equals(GroupBy.ALL_LABELS) && !ConfigTree.isLabelName(label.get())) {
          tree.report(at + ": \"" + label.get() + "\" is not a label name");
        } else {
          labels.add(label.get());
        }
      }
      if (labels.contains(GroupBy.ALL_LABELS) && labels.size() > 1) {
        tree.report(path + ": '...' (every label) cannot be combined with label names");
      }
      return tree.problemCount() > before ? Optional.empty() : Optional.of(GroupBy.of(labels));
    }

    // ---- severity

    private SeverityPolicy severity(JsonNode node) {
      SeverityPolicy base = defaults.severity();
      if (!tree.mapping(node, "severity", "rules", "labels", "aliases", "default", "impact")) {
        return base;
      }
      List<SeverityRule> rules = new ArrayList<>();
      if (present(node, "rules")) {
        List<JsonNode> entries = tree.list(node.get("rules"), "severity.rules");
        for (int i = 0; i < entries.size(); i++) {
          severityRule(entries.get(i), "severity.rules[" + i + "]").ifPresent(rules::add);
        }
      } else {
        rules.addAll(base.rules());
      }
      List<String> labels = present(node, "labels") ? tree.labelNames(node.get("labels"), "severity.labels")
          : base.labels();
      SeverityAliases aliases = present(node, "aliases")
          ? base.aliases().withOverrides(tree.severityAliases(node.get("aliases"), "severity.aliases"))
          : base.aliases();
      Severity defaultSeverity = present(node, "default")
          ? tree.severity(node.get("default"), "severity.default").orElse(base.defaultSeverity())
          : base.defaultSeverity();
      String impactLabel = base.impactLabel();
      int servicesForP0 = base.impactServicesForP0();
      if (present(node, "impact") && tree.mapping(node.get("impact"), "severity.impact", "label", "services_for_p0")) {
        JsonNode impact = node.get("impact");
        if (present(impact, "label")) {
          impactLabel = tree.labelName(impact.get("label"), "severity.impact.label").orElse(impactLabel);
        }
        servicesForP0 = tree.integer(impact, "services_for_p0", "severity.impact", servicesForP0);
      }
      return new SeverityPolicy(rules, labels, aliases, defaultSeverity, impactLabel, servicesForP0);
    }

    private Optional<SeverityRule> severityRule(JsonNode node, String path) {
      if (!tree.mapping(node, path, "matchers", "severity")) {
        return Optional.empty();
      }
      Optional<Matchers> matchers = matchers(node, "matchers", path, true);
      if (matchers.isPresent() && matchers.get().isEmpty()) {
        tree.report(path + ".matchers: must have at least one matcher (severity.default is the fallback)");
        matchers = Optional.empty();
      }
      Optional<Severity> severity = Optional.empty();
      if (!present(node, "severity")) {
        tree.report(path + ".severity: is required");
      } else {
        severity = tree.severity(node.get("severity"), path + ".severity");
      }
      if (matchers.isEmpty() || severity.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new SeverityRule(matchers.get(), severity.get()));
    }

    // ---- escalation

    private Map<String, EscalationPolicy> policies(JsonNode node) {
      Map<String, EscalationPolicy> policies = new LinkedHashMap<>(defaults.escalationPolicies());
      if (node == null || node.isNull()) {
        return policies;
      }
      List<JsonNode> entries = tree.list(node, "escalation_policies");
      Map<String, Integer> defined = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        String path = "escalation_policies[" + i + "]";
        JsonNode entry = entries.get(i);
        boolean duplicate = false;
        if (entry.isObject() && entry.hasNonNull("name") && entry.get("name").isTextual()) {
          String name = tree.expand(entry.get("name").asText()).orElse(entry.get("name").asText());
          declaredPolicies.add(name);
          Integer earlier = defined.putIfAbsent(name, i);
          if (earlier != null) {
            duplicate = true;
            tree.report(path + ".name: duplicate policy name \"" + name + "\" (also escalation_policies["
                + earlier + "])");
          }
        }
        Optional<EscalationPolicy> policy = policy(entry, path);
        if (policy.isPresent() && !duplicate) {
          policies.put(policy.get().name(), policy.get());
        }
      }
      return policies;
    }

    private Optional<EscalationPolicy> policy(JsonNode node, String path) {
      if (!tree.mapping(node, path, "name", "loops", "levels")) {
        return Optional.empty();
      }
      int before = tree.problemCount();
      Optional<String> name = tree.requiredString(node, "name", path);
      int loops = tree.integer(node, "loops", path, 0);
      List<EscalationLevel> levels = new ArrayList<>();
      List<JsonNode> entries = tree.requiredList(node, "levels", path, "must have at least one level");
      for (int i = 0; i < entries.size(); i++) {
        level(entries.get(i), path + ".levels[" + i + "]").ifPresent(levels::add);
      }
      if (tree.problemCount() > before) {
        return Optional.empty();
      }
      return Optional.of(new EscalationPolicy(name.orElseThrow(), levels, loops));
    }

    private Optional<EscalationLevel> level(JsonNode node, String path) {
      if (!tree.mapping(node, path, "delay", "receivers")) {
        return Optional.empty();
      }
      int before = tree.problemCount();
      if (!present(node, "delay")) {
        tree.report(path + ".delay: is required (0s pages the next level at once)");
      }
      Duration delay = tree.duration(node, "delay", path, Duration.ZERO, true);
      List<String> receivers = present(node, "receivers")
          ? receiverList(node.get("receivers"), path + ".receivers") : List.of();
      return tree.problemCount() > before ? Optional.empty() : Optional.of(new EscalationLevel(delay, receivers));
    }

    private Map<Severity, String> escalation(JsonNode node) {
      Map<Severity, String> escalation = new EnumMap<>(Severity.class);
      escalation.putAll(defaults.escalationBySeverity());
      if (node == null || node.isNull()) {
        return escalation;
      }
      bySeverity(node, "escalation").forEach((severity, entry) -> {
        Optional<String> name = tree.nonEmptyString(entry.node(), entry.path());
        name.ifPresent(value -> {
          policyReferences.add(new Reference(entry.path(), value, false));
          escalation.put(severity, value);
        });
      });
      return escalation;
    }

    private Map<Severity, Duration> reminders(JsonNode node) {
      Map<Severity, Duration> reminders = new EnumMap<>(Severity.class);
      reminders.putAll(defaults.reminders());
      if (node == null || node.isNull()) {
        return reminders;
      }
      bySeverity(node, "reminders").forEach((severity, entry) -> {
        Optional<Duration> interval = tree.duration(entry.node(), entry.path());
        interval.ifPresent(value -> {
          if (value.isZero()) {
            reminders.remove(severity);
          } else {
            reminders.put(severity, value);
          }
        });
      });
      return reminders;
    }

    private record Entry(JsonNode node, String path) {
    }

    /** A mapping keyed by severity names, each value with its path. */
    private Map<Severity, Entry> bySeverity(JsonNode node, String path) {
      Map<Severity, Entry> entries = new EnumMap<>(Severity.class);
      if (!node.isObject()) {
        tree.report(path + ": must be a mapping of severity (" + ConfigTree.SEVERITIES + ") to a value");
        return entries;
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String at = path + "." + field.getKey();
        Optional<Severity> severity = ConfigTree.severityNamed(field.getKey());
        if (severity.isEmpty()) {
          tree.report(at + ": \"" + field.getKey() + "\" is not a severity: use " + ConfigTree.SEVERITIES);
        } else if (entries.containsKey(severity.get())) {
          tree.report(at + ": " + severity.get() + " is given twice");
        } else {
          entries.put(severity.get(), new Entry(field.getValue(), at));
        }
      }
      return entries;
    }

    private Duration quietPeriod(JsonNode node) {
      if (node == null || node.isNull() || !tree.mapping(node, "incidents", "quiet_period")) {
        return defaults.quietPeriod();
      }
      return tree.duration(node, "quiet_period", "incidents", defaults.quietPeriod(), true);
    }

    // ---- silences and inhibition

    private List<Silence> silences(JsonNode node) {
      List<JsonNode> entries = tree.list(node, "silences");
      List<Silence> silences = new ArrayList<>();
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        String path = "silences[" + i + "]";
        Optional<Silence> silence = silence(entries.get(i), path);
        if (silence.isPresent()) {
          Integer earlier = ids.putIfAbsent(silence.get().id(), i);
          if (earlier != null) {
            tree.report(path + ".id: duplicate id \"" + silence.get().id() + "\" (also silences[" + earlier + "])");
          } else {
            silences.add(silence.get());
          }
        }
      }
      return silences;
    }

    private Optional<Silence> silence(JsonNode node, String path) {
      if (!tree.mapping(node, path, "id", "matchers", "starts_at", "ends_at", "created_by", "comment")) {
        return Optional.empty();
      }
      int before = tree.problemCount();
      Optional<String> id = present(node, "id") ? tree.nonEmptyString(node.get("id"), path + ".id") : Optional.empty();
      Optional<Matchers> matchers = matchers(node, "matchers", path, true);
      if (matchers.isPresent() && matchers.get().matchesEmptyLabelSet()) {
        tree.report(path + ".matchers: at least one matcher must not match the empty string, "
            + "or the silence would mute every alert");
      }
      Optional<Instant> startsAt = tree.timestamp(node, "starts_at", path);
      Optional<Instant> endsAt = tree.timestamp(node, "ends_at", path);
      if (startsAt.isPresent() && endsAt.isPresent() && !endsAt.get().isAfter(startsAt.get())) {
        tree.report(path + ".ends_at: must be after starts_at");
      }
      Optional<String> createdBy = tree.requiredString(node, "created_by", path);
      Optional<String> comment = tree.requiredString(node, "comment", path);
      if (tree.problemCount() > before) {
        return Optional.empty();
      }
      String silenceId = id.orElseGet(() -> Silence.derivedId(matchers.orElseThrow(), startsAt.orElseThrow(),
          endsAt.orElseThrow(), createdBy.orElseThrow(), comment.orElseThrow()));
      return Optional.of(new Silence(silenceId, matchers.orElseThrow(), startsAt.orElseThrow(), endsAt.orElseThrow(),
          createdBy.orElseThrow(), comment.orElseThrow()));
    }

    private List<InhibitRule> inhibitRules(JsonNode node) {
      List<JsonNode> entries = tree.list(node, "inhibit_rules");
      List<InhibitRule> rules = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        inhibitRule(entries.get(i), "inhibit_rules[" + i + "]").ifPresent(rules::add);
      }
      return rules;
    }

    private Optional<InhibitRule> inhibitRule(JsonNode node, String path) {
      if (!tree.mapping(node, path, "source_matchers", "target_matchers", "equal")) {
        return Optional.empty();
      }
      int before = tree.problemCount();
      Optional<Matchers> source = matchers(node, "source_matchers", path, true);
      Optional<Matchers> target = matchers(node, "target_matchers", path, true);
      for (String side : List.of("source_matchers", "target_matchers")) {
        Optional<Matchers> matchers = side.equals("source_matchers") ? source : target;
        if (matchers.isPresent() && matchers.get().isEmpty()) {
          tree.report(path + "." + side + ": must have at least one matcher");
        }
      }
      List<String> equal = present(node, "equal") ? tree.labelNames(node.get("equal"), path + ".equal") : List.of();
      if (tree.problemCount() > before) {
        return Optional.empty();
      }
      return Optional.of(new InhibitRule(source.orElseThrow(), target.orElseThrow(), equal));
    }

    // ---- references

    private void checkPolicyReferences(Map<String, EscalationPolicy> policies) {
      Set<String> known = new LinkedHashSet<>(policies.keySet());
      known.addAll(declaredPolicies);
      for (Reference reference : policyReferences) {
        if (!known.contains(reference.name())) {
          tree.report(reference.path() + ": unknown escalation policy \"" + reference.name() + "\" (defined: "
              + String.join(", ", known) + ")");
        }
      }
    }

    private void checkReceiverReferences(JsonNode section) {
      Set<String> known = receiverNames(section);
      if (known.isEmpty()) {
        return;
      }
      String defined = " (receivers: defines " + String.join(", ", known) + ")";
      for (Reference reference : receiverReferences) {
        if (known.contains(reference.name())) {
          continue;
        }
        if (reference.inheritedFromDefaults()) {
          tree.report(reference.path() + ": is not set, and the service's default receiver \"" + reference.name()
              + "\" is not defined in receivers:" + defined);
        } else {
          tree.report(reference.path() + ": unknown receiver \"" + reference.name() + "\"" + defined);
        }
      }
    }

    /** The names the notifier's {@code receivers:} section defines; its own validation is the notifier's. */
    private Set<String> receiverNames(JsonNode section) {
      Set<String> names = new LinkedHashSet<>();
      if (section == null || !section.isArray()) {
        return names;
      }
      for (JsonNode receiver : section) {
        JsonNode name = receiver.isObject() ? receiver.get("name") : null;
        if (name != null && (name.isTextual() || name.isNumber())) {
          names.add(tree.expand(name.asText()).orElse(name.asText()));
        }
      }
      return names;
    }

    // ---- values

    private Optional<Matchers> matchers(JsonNode node, String key, String path, boolean required) {
      String at = path + "." + key;
      if (!present(node, key)) {
        if (required) {
          tree.report(at + ": is required");
          return Optional.empty();
        }
        return Optional.of(Matchers.EMPTY);
      }
      int before = tree.problemCount();
      List<JsonNode> lines = tree.list(node.get(key), at);
      List<dev.tocsin.incidents.config.Matcher> all = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String lineAt = at + "[" + i + "]";
        Optional<String> line = tree.string(lines.get(i), lineAt);
        if (line.isPresent()) {
          try {
            all.addAll(dev.tocsin.incidents.config.Matcher.parseList(line.get()));
          } catch (IllegalArgumentException e) {
            tree.report(lineAt + ": " + e.getMessage());
          }
        }
      }
      return tree.problemCount() > before ? Optional.empty() : Optional.of(new Matchers(all));
    }

  }
}
