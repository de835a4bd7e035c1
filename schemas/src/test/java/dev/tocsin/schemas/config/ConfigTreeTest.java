package dev.tocsin.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
