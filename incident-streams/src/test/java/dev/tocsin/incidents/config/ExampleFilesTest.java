package dev.tocsin.incidents.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExampleFilesTest {
  private static final Path EXAMPLES = Path.of("src/main/resources/examples");
  private static final Path EXAMPLE = EXAMPLES.resolve("tocsin.yml");
  private static final Path REFERENCE = EXAMPLES.resolve("tocsin-engine.md");
  private static final Set<String> ENGINE_SECTIONS = Set.of("route", "severity", "escalation_policies", "escalation",
      "reminders", "incidents", "silences", "inhibit_rules");
  /** Sections whose keys are values (severities, aliases), not configuration keys. */
  private static final Set<String> MAPS = Set.of("severity.aliases", "escalation", "reminders");

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> yaml = files.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
          .sorted().toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyExampleFileParses(Path file) {
    EngineConfig config = EngineConfigFile.load(file, Map.of(), Configs.DEFAULTS);
    assertThat(config.routes().root().receivers()).isNotEmpty();
  }

  @Test
  void theExampleMeansWhatItsCommentsSay() {
    EngineConfig config = EngineConfigFile.load(EXAMPLE, Map.of(), Configs.DEFAULTS);
    Map<String, String> criticalDb = Map.of("alertname", "Replication", "service", "db", "env", "prod",
        "severity", "critical", "team", "checkout");
    assertThat(config.routes().match(criticalDb)).extracting(match -> match.route().receivers())
        .containsExactly(List.of("dba", "sre-pager"), List.of("team-checkout"));
    assertThat(config.routes().match(criticalDb).get(0).route().escalationPolicy()).isEqualTo("databases");
    assertThat(config.severity().classify(Map.of("alertname", "Watchdog", "severity", "critical"), null))
        .isEqualTo(Severity.P3);
    assertThat(config.policyFor(config.routes().root(), Severity.P0).levels()).hasSize(2);
    assertThat(config.reminderInterval(Severity.P2)).isEmpty();
    assertThat(config.reminderInterval(Severity.P0)).contains(Duration.ofMinutes(15));
    assertThat(config.silences().get(0).mutes(Map.of("service", "db", "env", "prod"),
        Instant.parse("2026-11-23T12:00:00Z"))).isTrue();
  }

  @Test
  void theReferenceDocumentsEveryKeyTheExampleUsesAndTheExampleUsesEveryDocumentedKey() throws IOException {
    Set<String> documented = new TreeSet<>();
    java.util.regex.Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9_.\\[\\]]+)` \\|").matcher(
        Files.readString(REFERENCE));
    while (row.find()) {
      documented.add(row.group(1));
    }
    Set<String> used = new TreeSet<>();
    JsonNode root = new YAMLMapper().readTree(EXAMPLE.toFile());
    root.properties().stream().filter(section -> ENGINE_SECTIONS.contains(section.getKey()))
        .forEach(section -> collect(section.getKey(), section.getValue(), used));
    assertThat(documented).isEqualTo(used);
  }

  /** Collects the documented form of every key below {@code path}; a key holding a mapping has rows for its keys instead. */
  private static void collect(String path, JsonNode node, Set<String> keys) {
    if (MAPS.contains(path) || !node.isObject()) {
      keys.add(normalize(path));
    }
    if (MAPS.contains(path)) {
      return;
    }
    if (node.isObject()) {
      node.properties().forEach(field -> collect(path + "." + field.getKey(), field.getValue(), keys));
    } else if (node.isArray()) {
      node.forEach(element -> {
        if (element.isObject()) {
          element.properties().forEach(field -> collect(path + "[]." + field.getKey(), field.getValue(), keys));
        }
      });
    }
  }

  /** Children take the root's keys: {@code route.routes[].routes[].receiver} is documented as {@code route.receiver}. */
  private static String normalize(String path) {
    String key = path;
    if (key.matches("route(\\.routes\\[])+\\.(matchers|continue)")) {
      return "route.routes[]." + key.substring(key.lastIndexOf('.') + 1);
    }
    return key.replaceAll("^route(\\.routes\\[])+\\.", "route.");
  }

  @Test
  void theReferenceListsTheBuiltInAliasTable() throws IOException {
    String reference = Files.readString(REFERENCE);
    Map<Severity, List<String>> bySeverity = SeverityAliases.defaults().table().entrySet().stream()
        .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey,
            Collectors.toList())));
    bySeverity.forEach((severity, aliases) -> assertThat(reference).contains("| " + severity + " | "
        + aliases.stream().map(alias -> "`" + alias + "`").collect(Collectors.joining(", ")) + " |"));
  }
}
