package dev.tocsin.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.api.auth.Scope;
import dev.tocsin.api.console.ConsoleUsers;
import dev.tocsin.api.console.PasswordHashes;
import dev.tocsin.api.review.ErrorBudgets;
import dev.tocsin.api.status.ComponentState;
import dev.tocsin.api.status.StatusPageConfig;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.ConfigTree;
import dev.tocsin.schemas.config.InvalidConfigException;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the API reads from tocsin.yml: {@code slos:} (a list of {@code service}, {@code objective}
 * in percent such as 99.9, {@code window} such as 30d, {@code severities} that count as downtime,
 * default P0 and P1), {@code status_page:} (title, components, severity states, maintenance) and
 * {@code severity.aliases}. The other sections belong to other services.
 */
public record ApiFileSettings(List<ErrorBudgets.Objective> objectives, SeverityAliases aliases,
    StatusPageConfig statusPage, ConsoleUsers users) {
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  static final Set<Severity> DEFAULT_SEVERITIES = EnumSet.of(Severity.P0, Severity.P1);

  public ApiFileSettings {
    objectives = List.copyOf(objectives);
  }

  /** These settings with another status page. */
  public ApiFileSettings withStatusPage(StatusPageConfig page) {
    return new ApiFileSettings(objectives, aliases, page, users);
  }

  /** No file: no objectives, the built-in aliases, no status page components. */
  public static ApiFileSettings none() {
    return new ApiFileSettings(List.of(), SeverityAliases.defaults(), StatusPageConfig.NONE, ConsoleUsers.none());
  }

  /** @throws InvalidConfigException naming every problem of the file's {@code slos:} and aliases */
  public static ApiFileSettings read(Path file, Map<String, String> environment) {
    ConfigTree tree = new ConfigTree(environment);
    Optional<JsonNode> document = tree.readYaml(file);
    ApiFileSettings settings = document.map(d -> of(tree, d))
        .orElse(none());
    if (tree.problemCount() > 0) {
      throw new InvalidConfigException("slos", file.toString(), tree.problems());
    }
    return settings;
  }

  /** Parses {@code document}; problems go to {@code tree}. */
  static ApiFileSettings of(ConfigTree tree, JsonNode document) {
    SeverityAliases aliases = tree.severityAliasesOf(document);
    List<ErrorBudgets.Objective> objectives = new ArrayList<>();
    if (!document.isObject() && !document.isNull() && !document.isMissingNode()) {
      tree.report("(top level): must be a mapping of sections");
    }
    if (document.isObject() && ConfigTree.present(document, "slos")) {
      List<JsonNode> entries = tree.list(document.get("slos"), "slos");
      Set<String> services = new HashSet<>();
      for (int i = 0; i < entries.size(); i++) {
        String at = "slos[" + i + "]";
        JsonNode entry = entries.get(i);
        if (!tree.mapping(entry, at, "service", "objective", "window", "severities")) {
          continue;
        }
        Optional<String> service = tree.requiredString(entry, "service", at);
        service.filter(s -> !services.add(s)).ifPresent(s -> tree.report(at + ".service: " + s
            + " has an objective already"));
        double objective = Double.NaN;
        if (!ConfigTree.present(entry, "objective")) {
          tree.report(at + ".objective: is required (a percentage such as 99.9)");
        } else if (!entry.get("objective").isNumber() || entry.get("objective").doubleValue() <= 0
            || entry.get("objective").doubleValue() >= 100) {
          tree.report(at + ".objective: must be a number above 0 and below 100, such as 99.9");
        } else {
          objective = entry.get("objective").doubleValue();
        }
        Duration window = tree.duration(entry, "window", at, DEFAULT_WINDOW, false);
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        if (ConfigTree.present(entry, "severities")) {
          List<JsonNode> named = tree.list(entry.get("severities"), at + ".severities");
          for (int k = 0; k < named.size(); k++) {
            tree.severity(named.get(k), at + ".severities[" + k + "]").ifPresent(severities::add);
          }
          if (named.isEmpty() && entry.get("severities").isArray()) {
            tree.report(at + ".severities: must name at least one severity (or be left out: P0 and P1)");
          }
        } else {
          severities.addAll(DEFAULT_SEVERITIES);
        }
        if (service.isPresent() && !Double.isNaN(objective) && !severities.isEmpty()) {
          objectives.add(new ErrorBudgets.Objective(service.get(), objective, window, severities));
        }
      }
    }
    StatusPageConfig page = document.isObject() && ConfigTree.present(document, "status_page")
        ? statusPage(tree, document.get("status_page")) : StatusPageConfig.NONE;
    ConsoleUsers users = document.isObject() && ConfigTree.present(document, "console")
        ? consoleUsers(tree, document.get("console")) : ConsoleUsers.none();
    return new ApiFileSettings(objectives, aliases, page, users);
  }

  /** {@code console.users}: name, password_hash (PBKDF2, {@link PasswordHashes}), scopes (default both). */
  private static ConsoleUsers consoleUsers(ConfigTree tree, JsonNode node) {
    if (!tree.mapping(node, "console", "users")) {
      return ConsoleUsers.none();
    }
    List<ConsoleUsers.User> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<JsonNode> entries = ConfigTree.present(node, "users") ? tree.list(node.get("users"), "console.users")
        : List.of();
    for (int i = 0; i < entries.size(); i++) {
      String path = "console.users[" + i + "]";
      JsonNode entry = entries.get(i);
      if (!tree.mapping(entry, path, "name", "password_hash", "scopes")) {
        continue;
      }
      Optional<String> name = tree.requiredString(entry, "name", path);
      name.filter(n -> !names.add(n)).ifPresent(n -> tree.report(path + ".name: " + n + " is named twice"));
      Optional<String> hash = tree.requiredString(entry, "password_hash", path);
      if (hash.isPresent() && !PasswordHashes.wellFormed(hash.get())) {
        tree.report(path + ".password_hash: not a pbkdf2-sha256 hash (make one with "
            + "dev.tocsin.api.console.PasswordHashes)");
        hash = Optional.empty();
      }
      Set<Scope> scopes = java.util.EnumSet.noneOf(Scope.class);
      if (ConfigTree.present(entry, "scopes")) {
        List<JsonNode> named = tree.list(entry.get("scopes"), path + ".scopes");
        for (int k = 0; k < named.size(); k++) {
          String at = path + ".scopes[" + k + "]";
          tree.string(named.get(k), at).ifPresent(text -> java.util.Arrays.stream(Scope.values())
              .filter(sc -> sc.id().equals(text.strip())).findFirst()
              .ifPresentOrElse(scopes::add, () -> tree.report(at + ": '" + text + "' is not incidents:read or "
                  + "incidents:write")));
        }
      } else {
        scopes.addAll(java.util.EnumSet.allOf(Scope.class));
      }
      if (name.isPresent() && hash.isPresent()) {
        users.add(new ConsoleUsers.User(name.get(), hash.get(), scopes));
      }
    }
    return new ConsoleUsers(users);
  }

  private static StatusPageConfig statusPage(ConfigTree tree, JsonNode node) {
    String at = "status_page";
    if (!tree.mapping(node, at, "title", "components", "severity_states", "maintenance")) {
      return StatusPageConfig.NONE;
    }
    String title = ConfigTree.present(node, "title") ? tree.nonEmptyString(node.get("title"), at + ".title")
        .orElse("Status") : "Status";
    List<StatusPageConfig.Component> components = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (ConfigTree.present(node, "components")) {
      List<JsonNode> entries = tree.list(node.get("components"), at + ".components");
      for (int i = 0; i < entries.size(); i++) {
        String path = at + ".components[" + i + "]";
        JsonNode entry = entries.get(i);
        if (!tree.mapping(entry, path, "id", "name", "description", "group", "services", "labels", "status")) {
          continue;
        }
        Optional<String> id = tree.requiredString(entry, "id", path);
        id.filter(v -> !v.matches("[a-z0-9][a-z0-9_-]*")).ifPresent(v -> tree.report(path + ".id: '" + v
            + "' must be lower-case letters, digits, '_' or '-'"));
        id.filter(v -> !ids.add(v)).ifPresent(v -> tree.report(path + ".id: " + v + " is named twice"));
        Optional<String> name = tree.requiredString(entry, "name", path);
        String description = ConfigTree.present(entry, "description")
            ? tree.string(entry.get("description"), path + ".description").orElse(null) : null;
        String group = ConfigTree.present(entry, "group")
            ? tree.nonEmptyString(entry.get("group"), path + ".group").orElse(null) : null;
        Set<String> services = new HashSet<>();
        if (ConfigTree.present(entry, "services")) {
          List<JsonNode> named = tree.list(entry.get("services"), path + ".services");
          for (int k = 0; k < named.size(); k++) {
            tree.nonEmptyString(named.get(k), path + ".services[" + k + "]").ifPresent(services::add);
          }
        }
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (ConfigTree.present(entry, "labels")) {
          JsonNode map = entry.get("labels");
          if (!map.isObject()) {
            tree.report(path + ".labels: must be a mapping of label name to value");
          } else {
            for (Map.Entry<String, JsonNode> label : map.properties()) {
              String where = path + ".labels." + label.getKey();
              if (!ConfigTree.isLabelName(label.getKey())) {
                tree.report(where + ": not a label name");
              } else {
                tree.string(label.getValue(), where).ifPresent(v -> labels.put(label.getKey(), v));
              }
            }
          }
        }
        ComponentState override = null;
        if (ConfigTree.present(entry, "status")) {
          Optional<String> text = tree.string(entry.get("status"), path + ".status");
          override = text.flatMap(ComponentState::of).orElse(null);
          if (text.isPresent() && override == null) {
            tree.report(path + ".status: '" + text.get() + "' is not one of operational, degraded_performance, "
                + "partial_outage, major_outage, under_maintenance");
          }
        }
        if (id.isPresent() && name.isPresent()) {
          components.add(new StatusPageConfig.Component(id.get(), name.get(), description, group, services, labels,
              override));
        }
      }
    }
    Map<Severity, ComponentState> states = new java.util.EnumMap<>(StatusPageConfig.DEFAULT_STATES);
    if (ConfigTree.present(node, "severity_states")) {
      JsonNode map = node.get("severity_states");
      if (!map.isObject()) {
        tree.report(at + ".severity_states: must be a mapping of severity to state");
      } else {
        for (Map.Entry<String, JsonNode> field : map.properties()) {
          String path = at + ".severity_states." + field.getKey();
          Optional<Severity> severity = ConfigTree.severityNamed(field.getKey());
          Optional<ComponentState> state = tree.string(field.getValue(), path).flatMap(ComponentState::of);
          if (severity.isEmpty()) {
            tree.report(path + ": '" + field.getKey() + "' is not a severity: use " + ConfigTree.SEVERITIES);
          } else if (state.isEmpty() || state.get() == ComponentState.UNDER_MAINTENANCE) {
            tree.report(path + ": must be one of operational, degraded_performance, partial_outage, major_outage");
          } else {
            states.put(severity.get(), state.get());
          }
        }
      }
    }
    List<StatusPageConfig.Maintenance> maintenance = new ArrayList<>();
    if (ConfigTree.present(node, "maintenance")) {
      List<JsonNode> entries = tree.list(node.get("maintenance"), at + ".maintenance");
      for (int i = 0; i < entries.size(); i++) {
        String path = at + ".maintenance[" + i + "]";
        JsonNode entry = entries.get(i);
        if (!tree.mapping(entry, path, "id", "name", "message", "components", "starts_at", "ends_at")) {
          continue;
        }
        Optional<String> id = tree.requiredString(entry, "id", path);
        Optional<String> name = tree.requiredString(entry, "name", path);
        String message = ConfigTree.present(entry, "message")
            ? tree.string(entry.get("message"), path + ".message").orElse(null) : null;
        List<String> names = new ArrayList<>();
        if (ConfigTree.present(entry, "components")) {
          List<JsonNode> named = tree.list(entry.get("components"), path + ".components");
          for (int k = 0; k < named.size(); k++) {
            Optional<String> component = tree.nonEmptyString(named.get(k), path + ".components[" + k + "]");
            String where = path + ".components[" + k + "]";
            component.filter(c -> !ids.contains(c)).ifPresent(c -> tree.report(where + ": " + c
                + " is not a component of the page"));
            component.ifPresent(names::add);
          }
        }
        Optional<java.time.Instant> starts = tree.timestamp(entry, "starts_at", path);
        Optional<java.time.Instant> ends = tree.timestamp(entry, "ends_at", path);
        if (starts.isPresent() && ends.isPresent() && !ends.get().isAfter(starts.get())) {
          tree.report(path + ".ends_at: must be after starts_at");
        } else if (id.isPresent() && name.isPresent() && starts.isPresent() && ends.isPresent()) {
          maintenance.add(new StatusPageConfig.Maintenance(id.get(), name.get(), message, names, starts.get(),
              ends.get()));
        }
      }
    }
    return new StatusPageConfig(title, components, states, maintenance);
  }
}
