package dev.tocsin.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.api.review.ErrorBudgets;
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
 * default P0 and P1) and {@code severity.aliases}. The other sections belong to other services.
 */
public record ApiFileSettings(List<ErrorBudgets.Objective> objectives, SeverityAliases aliases) {
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  static final Set<Severity> DEFAULT_SEVERITIES = EnumSet.of(Severity.P0, Severity.P1);

  public ApiFileSettings {
    objectives = List.copyOf(objectives);
  }

  /** @throws InvalidConfigException naming every problem of the file's {@code slos:} and aliases */
  public static ApiFileSettings read(Path file, Map<String, String> environment) {
    ConfigTree tree = new ConfigTree(environment);
    Optional<JsonNode> document = tree.readYaml(file);
    ApiFileSettings settings = document.map(d -> of(tree, d))
        .orElse(new ApiFileSettings(List.of(), SeverityAliases.defaults()));
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
    return new ApiFileSettings(objectives, aliases);
  }
}
