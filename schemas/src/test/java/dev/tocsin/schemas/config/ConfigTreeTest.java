package dev.tocsin.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTreeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tree(String json) throws JsonProcessingException {
    return JSON.readTree(json);
  }

  @Test
  void presentIsFalseForAMissingOrNullKey() throws JsonProcessingException {
    JsonNode node = tree("{\"a\": 1, \"b\": null}");

    assertThat(ConfigTree.present(node, "a")).isTrue();
    assertThat(ConfigTree.present(node, "b")).isFalse();
    assertThat(ConfigTree.present(node, "c")).isFalse();
  }

  @Test
  void mappingReportsANonMappingAndEachUnknownKeyInFileOrder() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());

    assertThat(config.mapping(tree("[1]"), "route", "receiver")).isFalse();
    assertThat(config.mapping(null, "route.routes[0]", "receiver")).isFalse();
    assertThat(config.mapping(tree("{\"zeta\": 1, \"receiver\": \"x\", \"alpha\": 2}"), "route", "receiver"))
        .isTrue();

    assertThat(config.problems()).containsExactly(
        "route: must be a mapping",
        "route.routes[0]: must be a mapping",
        "route.zeta: unknown key",
        "route.alpha: unknown key");
  }

  @Test
  void mappingLetsTheReaderSayWhatIsWrongWithAnUnknownKey() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of(),
        (key, allowed) -> "unknown key (expected one of " + String.join(", ", allowed) + ")");

    config.mapping(tree("{\"groupby\": 1}"), "route", "receiver", "group_by");

    assertThat(config.problems()).containsExactly("route.groupby: unknown key (expected one of receiver, group_by)");
  }

  @Test
  void listReadsTheEntriesAndReportsAnythingElseAsEmpty() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());

    assertThat(config.list(tree("[1, \"two\"]"), "labels")).hasSize(2);
    assertThat(config.list(tree("{\"a\": 1}"), "silences")).isEmpty();
    assertThat(config.list(null, "routes")).isEmpty();

    assertThat(config.problems()).containsExactly("silences: must be a list", "routes: must be a list");
  }

  @Test
  void stringReadsTextAndNumbersAsTheyAreWritten() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"text\": \" #ops \", \"number\": 8080}");

    assertThat(config.string(node.get("text"), "a")).contains(" #ops ");
    assertThat(config.string(node.get("number"), "b")).contains("8080");
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void stringReportsAnythingButAScalar() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"list\": [1], \"flag\": true, \"nothing\": null}");

    assertThat(config.string(node.get("list"), "a")).isEmpty();
    assertThat(config.string(node.get("flag"), "b")).isEmpty();
    assertThat(config.string(node.get("nothing"), "c")).isEmpty();
    assertThat(config.string(null, "d")).isEmpty();

    assertThat(config.problems()).containsExactly(
        "a: must be a string", "b: must be a string", "c: must be a string", "d: must be a string");
  }

  @Test
  void stringReplacesAWholeValueEnvironmentReferenceOnly() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of("SLACK_TOKEN", "xoxb-1"));
    JsonNode node = tree("{\"whole\": \" ${SLACK_TOKEN} \", \"inside\": \"Bearer ${SLACK_TOKEN}\"}");

    assertThat(config.string(node.get("whole"), "token")).contains("xoxb-1");
    assertThat(config.string(node.get("inside"), "header")).contains("Bearer ${SLACK_TOKEN}");
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void stringReportsAnUnsetVariableByNameOnly() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());

    assertThat(config.string(tree("\"${PAGER_KEY}\""), "receivers[0].routing_key")).isEmpty();

    assertThat(config.problems())
        .containsExactly("receivers[0].routing_key: environment variable PAGER_KEY is not set");
  }

  @Test
  void expandReplacesAReferenceWithoutReportingAnything() {
    ConfigTree config = new ConfigTree(Map.of("TEAM", "payments"));

    assertThat(config.expand("${TEAM}")).contains("payments");
    assertThat(config.expand("team-a")).contains("team-a");
    assertThat(config.expand("${MISSING}")).isEmpty();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void nonEmptyStringReportsABlankValue() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of("BLANK", " "));

    assertThat(config.nonEmptyString(tree("\"  \""), "route.receiver")).isEmpty();
    assertThat(config.nonEmptyString(tree("\"${BLANK}\""), "escalation.P1")).isEmpty();
    assertThat(config.nonEmptyString(tree("\"ops\""), "route.receivers[0]")).contains("ops");

    assertThat(config.problems()).containsExactly(
        "route.receiver: must not be empty", "escalation.P1: must not be empty");
  }

  @Test
  void requiredStringReportsAMissingOrNullKeyUnderItsPath() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"comment\": null, \"created_by\": \"\", \"name\": \"ops\"}");

    assertThat(config.requiredString(node, "comment", "silences[0]")).isEmpty();
    assertThat(config.requiredString(node, "created_by", "silences[0]")).isEmpty();
    assertThat(config.requiredString(node, "ends_at", "silences[0]")).isEmpty();
    assertThat(config.requiredString(node, "name", "receivers[0]")).contains("ops");

    assertThat(config.problems()).containsExactly(
        "silences[0].comment: is required",
        "silences[0].created_by: must not be empty",
        "silences[0].ends_at: is required");
  }

  @Test
  void requiredListReportsAMissingKeyAndAnEmptyListInTheReadersWords() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"levels\": [], \"to\": [\"a@example.com\"], \"cc\": \"b@example.com\"}");

    assertThat(config.requiredList(node, "levels", "escalation_policies[0]", "must have at least one level")).isEmpty();
    assertThat(config.requiredList(node, "to", "email_configs[0]", "must name at least one recipient")).hasSize(1);
    assertThat(config.requiredList(node, "cc", "email_configs[0]", "must name at least one recipient")).isEmpty();
    assertThat(config.requiredList(node, "bcc", "email_configs[0]", "must name at least one recipient")).isEmpty();

    assertThat(config.problems()).containsExactly(
        "escalation_policies[0].levels: must have at least one level",
        "email_configs[0].cc: must be a list",
        "email_configs[0].bcc: is required");
  }

  @Test
  void boolFallsBackWhenAbsentAndReportsAnythingButABoolean() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"continue\": true, \"send_resolved\": \"yes\"}");

    assertThat(config.bool(node, "continue", "route.routes[0]", false)).isTrue();
    assertThat(config.bool(node, "missing", "route.routes[0]", true)).isTrue();
    assertThat(config.bool(node, "send_resolved", "receivers[0].webhook_configs[0]", true)).isTrue();

    assertThat(config.problems())
        .containsExactly("receivers[0].webhook_configs[0].send_resolved: must be true or false");
  }

  @Test
  void problemsKeepTheOrderTheyWereReportedInAndCanBeCounted() {
    ConfigTree config = new ConfigTree(Map.of());

    config.report("b: second");
    config.report("a: first");

    assertThat(config.problemCount()).isEqualTo(2);
    assertThat(config.problems()).containsExactly("b: second", "a: first");
  }

  @Test
  void anEnvironmentIsRequired() {
    assertThatNullPointerException().isThrownBy(() -> new ConfigTree(null)).withMessage("environment");
  }

  @Test
  void aSyntaxErrorIsReportedByPlaceWithoutQuotingTheFile() {
    ConfigTree config = new ConfigTree(Map.of());

    assertThat(config.parseYaml("receivers:\n  - url: \"https://hooks.example/s3cret\n", "tocsin.yml")).isEmpty();

    assertThat(config.problems()).singleElement().asString().startsWith("tocsin.yml: is not valid YAML at line")
        .doesNotContain("s3cret");
  }

  @Test
  void aDuplicateKeyIsAProblemAndAnEmptyDocumentAnEmptyMapping() {
    ConfigTree config = new ConfigTree(Map.of());

    assertThat(config.parseYaml("", "empty.yml")).hasValueSatisfying(root -> assertThat(root.isObject()).isTrue());
    assertThat(config.parseYaml("route: {}\nroute: {}\n", "twice.yml")).isEmpty();

    assertThat(config.problems()).singleElement().asString().contains("twice.yml: is not valid YAML")
        .contains("Duplicate field 'route'");
  }

  @Test
  void anUnreadableFileIsReportedByName(@TempDir Path dir) {
    ConfigTree config = new ConfigTree(Map.of());

    assertThat(config.readYaml(dir.resolve("missing.yml"))).isEmpty();

    assertThat(config.problems()).containsExactly(dir.resolve("missing.yml") + ": cannot be read (NoSuchFileException)");
  }

  @Test
  void sharedScalarsReportWhatIsWrongWithTheirPath() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"wait\": \"5 minutes\", \"zero\": \"0\", \"loops\": -1, \"at\": \"tomorrow\","
        + " \"label\": \"9lives\", \"severity\": \"P4\"}");

    assertThat(config.duration(node, "wait", "route", Duration.ofSeconds(30), true)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.duration(node, "zero", "route", Duration.ofSeconds(30), false)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.integer(node, "loops", "policy", 0)).isZero();
    assertThat(config.timestamp(node, "at", "silences[0]")).isEmpty();
    assertThat(config.labelName(node.get("label"), "severity.impact.label")).isEmpty();
    assertThat(config.severity(node.get("severity"), "severity.default")).isEmpty();

    assertThat(config.problems()).containsExactly(
        "route.wait: not a valid duration \"5 minutes\": write a number and a unit, largest first, e.g. 30s, 5m, "
            + "1h30m (units y, w, d, h, m, s, ms)",
        "route.zero: must be more than 0",
        "policy.loops: must not be negative",
        "silences[0].at: \"tomorrow\" is not a timestamp with a time zone, e.g. 2026-11-23T00:00:00Z",
        "severity.impact.label: \"9lives\" is not a label name",
        "severity.default: \"P4\" is not a severity: use P0, P1, P2 or P3");
  }

  @Test
  void sharedScalarsReadValidValues() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());
    JsonNode node = tree("{\"wait\": \"1h30m\", \"loops\": 2, \"at\": \"2026-11-23T00:00:00+01:00\","
        + " \"labels\": [\"service\", \"env\"], \"severity\": \" p1 \"}");

    assertThat(config.duration(node, "wait", "route", Duration.ZERO, false)).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.integer(node, "loops", "policy", 0)).isEqualTo(2);
    assertThat(config.timestamp(node, "at", "silences[0]")).contains(Instant.parse("2026-11-22T23:00:00Z"));
    assertThat(config.labelNames(node.get("labels"), "group_by")).containsExactly("service", "env");
    assertThat(config.severity(node.get("severity"), "severity.default")).contains(Severity.P1);
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void severityAliasesOfADocumentAreTheDefaultsWithTheFilesOverrides() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());

    SeverityAliases aliases = config.severityAliasesOf(tree(
        "{\"severity\": {\"aliases\": {\"Disaster\": \"P0\", \"warning\": \"p1\"}}, \"route\": {}}"));

    assertThat(aliases.parse("disaster")).contains(Severity.P0);
    assertThat(aliases.parse("warning")).contains(Severity.P1);
    assertThat(aliases.parse("critical")).contains(Severity.P0);
    assertThat(config.severityAliasesOf(tree("{\"route\": {}}"))).isSameAs(SeverityAliases.defaults());
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void severityAliasesReportABlankAliasAndTwoSpellingsOfOne() throws JsonProcessingException {
    ConfigTree config = new ConfigTree(Map.of());

    config.severityAliases(tree("{\" \": \"P0\", \"Loud\": \"P0\", \"loud\": \"P1\"}"), "severity.aliases");

    assertThat(config.problems()).containsExactly("severity.aliases. : an alias must not be empty",
        "severity.aliases.loud: the same alias as Loud (aliases ignore case)");
  }
}
