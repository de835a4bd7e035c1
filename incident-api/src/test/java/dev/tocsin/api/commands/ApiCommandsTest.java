package dev.tocsin.api.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T09:30:00Z");
  private static final List<String> IDS = List.of("cmd-1", "cmd-2", "cmd-3", "cmd-4", "cmd-5");
  private static final Actor INTEGRATION = new Actor("integration", "api:deploy-bot", "deploy-bot");

  private final ApiCommands commands = new ApiCommands(SeverityAliases.defaults());

  // ---- create -------------------------------------------------------------------------------

  @Test
  void createsTheApiGatewayIncidentOfThePlaybook() {
    IncidentCommand command = created("""
        {"title": "API Gateway Performance Degradation", "description": "Investigating elevated response times in API Gateway", "severity": "medium", "affected_components": ["api_gateway"], "impact_description": "Users may experience slower response times"}
        """);

    assertThat(command.getType()).isEqualTo(CommandType.CREATE);
    assertThat(command.getCommandId()).isEqualTo("cmd-1");
    assertThat(command.getIncidentId()).isNull();
    assertThat(command.getTitle()).isEqualTo("API Gateway Performance Degradation");
    assertThat(command.getDescription()).isEqualTo("Investigating elevated response times in API Gateway");
    assertThat(command.getSeverity()).isEqualTo(Severity.P2);
    assertThat(command.getAffectedComponents()).containsExactly("api_gateway");
    assertThat(command.getImpactDescription()).isEqualTo("Users may experience slower response times");
    assertThat(command.getActor()).isEqualTo(INTEGRATION);
    assertThat(command.getRequestedAt()).isEqualTo(NOW);
    assertThat(command.getOrigin()).isEqualTo("api");
  }

  @Test
  void createsTheSecurityIncidentOfThePlaybook() {
    IncidentCommand command = created("""
        {"title":"Security incident","severity":"critical","affected_components":["all"],"classification":"security"}
        """);

    assertThat(command.getType()).isEqualTo(CommandType.CREATE);
    assertThat(command.getTitle()).isEqualTo("Security incident");
    assertThat(command.getSeverity()).isEqualTo(Severity.P0);
    assertThat(command.getAffectedComponents()).containsExactly("all");
    assertThat(command.getDescription()).isNull();
    assertThat(command.getImpactDescription()).isNull();
  }

  @Test
  void createsWithOnlyATitleStrippedAndNoSeverity() {
    IncidentCommand command = created("{\"title\": \"  Checkout down  \"}");

    assertThat(command.getTitle()).isEqualTo("Checkout down");
    assertThat(command.getSeverity()).isNull();
    assertThat(command.getAffectedComponents()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"medium, P2", "critical, P0", "SEV-2, P1", "low, P3", "P1, P1", "' High ', P1"})
  void createAcceptsSeverityAliases(String severity, Severity expected) {
    assertThat(created("{\"title\": \"t\", \"severity\": \"" + severity + "\"}").getSeverity()).isEqualTo(expected);
  }

  @Test
  void createActsAsTheUserTheBodyNames() {
    IncidentCommand command = created("{\"title\": \"t\", \"user\": \" alice \"}");

    assertThat(command.getActor()).isEqualTo(new Actor("user", "alice", "alice (API key deploy-bot)"));
  }

  @Test
  void createActsAsTheKeyWhenTheUserIsBlank() {
    assertThat(created("{\"title\": \"t\", \"user\": \"  \"}").getActor()).isEqualTo(INTEGRATION);
  }

  @Test
  void createRequiresATitle() {
    assertThat(createProblems("{\"severity\": \"high\"}")).containsExactly("body.title: is required");
    assertThat(createProblems("{\"title\": null}")).containsExactly("body.title: is required");
  }

  @Test
  void createRefusesABlankTitle() {
    assertThat(createProblems("{\"title\": \"   \"}")).containsExactly("body.title: must not be empty");
  }

  @Test
  void createRefusesATitleThatIsNotAStringOnlyOnce() {
    assertThat(createProblems("{\"title\": 42}")).containsExactly("body.title: must be a string");
  }

  @Test
  void createRefusesATitleLongerThanTheMaximum() {
    String title = "x".repeat(ApiCommands.MAX_TEXT + 1);

    assertThat(createProblems("{\"title\": \"" + title + "\"}")).contains("body.title: longer than 4000 characters");
    assertThat(created("{\"title\": \"" + "x".repeat(ApiCommands.MAX_TEXT) + "\"}").getTitle())
        .hasSize(4000);
  }

  @Test
  void createRefusesAnInvalidSeverityNamingTheField() {
    assertThat(createProblems("{\"title\": \"t\", \"severity\": \"urgent\"}"))
        .singleElement().asString().startsWith("body.severity: 'urgent' is not a severity");
    assertThat(createProblems("{\"title\": \"t\", \"severity\": 1}")).containsExactly("body.severity: must be a string");
  }

  @Test
  void createRequiresAffectedComponentsToBeAnArrayOfStrings() {
    assertThat(createProblems("{\"title\": \"t\", \"affected_components\": \"api_gateway\"}"))
        .containsExactly("body.affected_components: must be an array of strings");
    assertThat(createProblems("{\"title\": \"t\", \"affected_components\": [\"api_gateway\", 3, \" \", {}]}"))
        .containsExactly("body.affected_components[1]: must be a non-empty string",
            "body.affected_components[2]: must be a non-empty string",
            "body.affected_components[3]: must be a non-empty string");
  }

  @Test
  void createStripsAffectedComponents() {
    assertThat(created("{\"title\": \"t\", \"affected_components\": [\" api_gateway \", \"database\"]}")
        .getAffectedComponents()).containsExactly("api_gateway", "database");
  }

  @Test
  void createReportsAnUnknownFieldListingTheKnownOnes() {
    assertThat(createProblems("{\"title\": \"t\", \"priority\": \"P1\"}")).containsExactly(
        "body.priority: unknown field (expected one of affected_components, classification, description, "
            + "impact_description, severity, title, user)");
  }

  @Test
  void createRequiresClassificationToBeAString() {
    assertThat(createProblems("{\"title\": \"t\", \"classification\": [\"security\"]}"))
        .containsExactly("body.classification: must be a string");
  }

  @Test
  void createReportsEveryProblemAtOnce() {
    assertThat(createProblems("{\"sev\": 1, \"severity\": \"urgent\", \"affected_components\": [1]}"))
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactlyInAnyOrder("body.sev", "body.title", "body.severity", "body.affected_components[0]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"title\"", "42", "null", "[{\"title\": \"t\"}]"})
  void createRefusesABodyThatIsNotAnObject(String body) {
    assertThat(createProblems(body)).containsExactly("body: must be a JSON object");
  }

  @Test
  void createRefusesNoBodyAtAll() {
    ApiCommands.Outcome outcome = commands.create(null, "cmd-1", "deploy-bot", NOW);

    assertThat(outcome).isEqualTo(new ApiCommands.Invalid(List.of("body: must be a JSON object")));
  }

  // ---- update -------------------------------------------------------------------------------

  @Test
  void anUpdateMessageAloneIsOneUpdateKeepingThePublicStatus() {
    List<IncidentCommand> result = updated("{\"update_message\": \"Mitigation in progress\"}");

    assertThat(result).hasSize(1);
    IncidentCommand command = result.get(0);
    assertThat(command.getType()).isEqualTo(CommandType.POST_UPDATE);
    assertThat(command.getMessage()).isEqualTo("Mitigation in progress");
    assertThat(command.getPublicStatus()).isNull();
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(command.getCommandId()).isEqualTo("cmd-1");
    assertThat(command.getActor()).isEqualTo(INTEGRATION);
    assertThat(command.getRequestedAt()).isEqualTo(NOW);
    assertThat(command.getOrigin()).isEqualTo("api");
  }

  @Test
  void anUpdateMessageWithAStatusIsOneUpdateWithThatStatus() {
    List<IncidentCommand> result = updated("{\"update_message\": \"Looking into it\", \"status\": \"investigating\"}");

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.POST_UPDATE);
    assertThat(result.get(0).getPublicStatus()).isEqualTo(PublicStatus.INVESTIGATING);
    assertThat(result.get(0).getMessage()).isEqualTo("Looking into it");
  }

  @ParameterizedTest
  @CsvSource({"investigating, INVESTIGATING", "identified, IDENTIFIED", "monitoring, MONITORING",
      "' Monitoring ', MONITORING", "resolved, RESOLVED"})
  void aStatusAloneSetsTheStatus(String status, PublicStatus expected) {
    List<IncidentCommand> result = updated("{\"status\": \"" + status + "\"}");

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.SET_STATUS);
    assertThat(result.get(0).getPublicStatus()).isEqualTo(expected);
    assertThat(result.get(0).getMessage()).isNull();
  }

  @Test
  void resolvedTrueResolves() {
    List<IncidentCommand> result = updated("{\"resolved\": true}");

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.RESOLVE);
    assertThat(result.get(0).getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(result.get(0).getCommandId()).isEqualTo("cmd-1");
  }

  @Test
  void resolvedWithStatusResolvedIsOneStatusChangeNotTwoResolves() {
    List<IncidentCommand> result = updated("{\"status\": \"resolved\", \"resolved\": true}");

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.SET_STATUS);
    assertThat(result.get(0).getPublicStatus()).isEqualTo(PublicStatus.RESOLVED);
  }

  @Test
  void refusesResolvedFalse() {
    assertThat(updateProblems("{\"resolved\": false}"))
        .containsExactly("body.resolved: only true is accepted (reopening is not an update)");
  }

  @Test
  void refusesResolvedThatIsNotABoolean() {
    assertThat(updateProblems("{\"resolved\": \"true\"}")).containsExactly("body.resolved: must be true or false");
  }

  @Test
  void severityAssigneeUpdateAndResolveTogetherApplyInThatOrderWithTheGivenIds() {
    List<IncidentCommand> result = updated("""
        {"resolved": true, "update_message": " Rolled back ", "assignee": " bob ", "severity": "high"}
        """);

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.SET_SEVERITY,
        CommandType.ASSIGN, CommandType.POST_UPDATE, CommandType.RESOLVE);
    assertThat(result).extracting(IncidentCommand::getCommandId).containsExactly("cmd-1", "cmd-2", "cmd-3", "cmd-4");
    assertThat(result).extracting(IncidentCommand::getIncidentId).containsOnly("INC-7K2M9QXD");
    assertThat(result).extracting(IncidentCommand::getActor).containsOnly(INTEGRATION);
    assertThat(result.get(0).getSeverity()).isEqualTo(Severity.P1);
    assertThat(result.get(1).getAssignee()).isEqualTo(new Actor("user", "bob", null));
    assertThat(result.get(2).getMessage()).isEqualTo("Rolled back");
    assertThat(result.get(2).getPublicStatus()).isNull();
    assertThat(result.size()).isLessThanOrEqualTo(ApiCommands.MAX_COMMANDS_PER_UPDATE);
  }

  @Test
  void anUpdateActsAsTheUserTheBodyNames() {
    List<IncidentCommand> result = updated("{\"severity\": \"low\", \"status\": \"identified\", \"user\": \"carol\"}");

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.SET_SEVERITY,
        CommandType.SET_STATUS);
    assertThat(result).extracting(IncidentCommand::getActor)
        .containsOnly(new Actor("user", "carol", "carol (API key deploy-bot)"));
  }

  @Test
  void refusesAnEmptyUpdateNamingTheFields() {
    assertThat(updateProblems("{}")).containsExactly(
        "body: names no change (expected any of update_message, status, severity, assignee, resolved, "
            + "affected_components, impact_description)");
    assertThat(updateProblems("{\"user\": \"alice\"}")).containsExactly(
        "body: names no change (expected any of update_message, status, severity, assignee, resolved, "
            + "affected_components, impact_description)");
  }

  @Test
  void namesEachFieldOfTheWrongType() {
    assertThat(updateProblems("{\"update_message\": 5, \"status\": true, \"severity\": 1, \"assignee\": [\"bob\"]}"))
        .containsExactly("body.update_message: must be a string", "body.status: must be a string",
            "body.severity: must be a string", "body.assignee: must be a string");
  }

  @Test
  void refusesAnUnknownStatusQuotingIt() {
    assertThat(updateProblems("{\"status\": \"closed\"}"))
        .containsExactly("body.status: 'closed' is not one of investigating, identified, monitoring, resolved");
  }

  @Test
  void refusesAnInvalidSeverityInAnUpdate() {
    assertThat(updateProblems("{\"severity\": \"P7\"}"))
        .singleElement().asString().startsWith("body.severity: 'P7' is not a severity");
  }

  @Test
  void refusesABlankMessageOrAssignee() {
    assertThat(updateProblems("{\"update_message\": \"  \"}")).containsExactly("body.update_message: must not be empty");
    assertThat(updateProblems("{\"assignee\": \"\"}")).containsExactly("body.assignee: must not be empty");
  }

  @Test
  void anUpdateReportsUnknownFields() {
    assertThat(updateProblems("{\"update_message\": \"m\", \"title\": \"t\"}")).containsExactly(
        "body.title: unknown field (expected one of affected_components, assignee, impact_description, resolved, "
            + "severity, status, update_message, user)");
  }

  @Test
  void anUpdateRefusesABodyThatIsNotAnObject() {
    assertThat(updateProblems("[\"Mitigation in progress\"]")).containsExactly("body: must be a JSON object");
  }

  // ---- actions ------------------------------------------------------------------------------

  @Test
  void acknowledgesWithoutABody() {
    IncidentCommand command = acted(ApiCommands.Action.ACKNOWLEDGE, null);

    assertThat(command.getType()).isEqualTo(CommandType.ACKNOWLEDGE);
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(command.getCommandId()).isEqualTo("cmd-1");
    assertThat(command.getActor()).isEqualTo(INTEGRATION);
    assertThat(command.getMessage()).isNull();
    assertThat(command.getRequestedAt()).isEqualTo(NOW);
  }

  @Test
  void resolvesWithTheReasonAsTheMessage() {
    IncidentCommand command = acted(ApiCommands.Action.RESOLVE, json("{\"reason\": \"False alarm\"}"));

    assertThat(command.getType()).isEqualTo(CommandType.RESOLVE);
    assertThat(command.getMessage()).isEqualTo("False alarm");
  }

  @Test
  void resolvesWithoutABodyAndWithoutAMessage() {
    IncidentCommand command = acted(ApiCommands.Action.RESOLVE, null);

    assertThat(command.getType()).isEqualTo(CommandType.RESOLVE);
    assertThat(command.getMessage()).isNull();
  }

  @Test
  void anActionActsAsTheUserTheBodyNames() {
    assertThat(acted(ApiCommands.Action.ACKNOWLEDGE, json("{\"user\": \"dave\"}")).getActor())
        .isEqualTo(new Actor("user", "dave", "dave (API key deploy-bot)"));
  }

  @Test
  void anAcknowledgementTakesNoReason() {
    ApiCommands.Outcome outcome = commands.action(ApiCommands.Action.ACKNOWLEDGE, "INC-7K2M9QXD",
        json("{\"reason\": \"on it\"}"), "cmd-1", "deploy-bot", NOW);

    assertThat(outcome).isEqualTo(new ApiCommands.Invalid(List.of(
        "body.reason: unknown field (expected one of user)")));
  }

  @Test
  void anActionRefusesAReasonThatIsNotAStringOrABodyThatIsNotAnObject() {
    assertThat(commands.action(ApiCommands.Action.RESOLVE, "INC-7K2M9QXD", json("{\"reason\": 1}"), "cmd-1",
        "deploy-bot", NOW)).isEqualTo(new ApiCommands.Invalid(List.of("body.reason: must be a string")));
    assertThat(commands.action(ApiCommands.Action.RESOLVE, "INC-7K2M9QXD", json("\"done\""), "cmd-1",
        "deploy-bot", NOW)).isEqualTo(new ApiCommands.Invalid(List.of("body: must be a JSON object")));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private IncidentCommand created(String body) {
    ApiCommands.Outcome outcome = commands.create(json(body), "cmd-1", "deploy-bot", NOW);
    assertThat(outcome).isInstanceOf(ApiCommands.Commands.class);
    List<IncidentCommand> result = ((ApiCommands.Commands) outcome).commands();
    assertThat(result).hasSize(1);
    return result.get(0);
  }

  @Test
  void createKeepsTheClassification() {
    assertThat(created("{\"title\": \"Suspicious logins\", \"classification\": \"security\"}")
        .getClassification()).isEqualTo("security");
  }

  @Test
  void anUpdateOfImpactBecomesOneSetImpactBeforeTheStatusUpdate() {
    List<IncidentCommand> result = updated("{\"affected_components\": [\"api_gateway\"], \"impact_description\": "
        + "\" Slow checkouts \", \"update_message\": \"scaling out\"}");

    assertThat(result).extracting(IncidentCommand::getType).containsExactly(CommandType.SET_IMPACT,
        CommandType.POST_UPDATE);
    assertThat(result.get(0).getAffectedComponents()).containsExactly("api_gateway");
    assertThat(result.get(0).getImpactDescription()).isEqualTo("Slow checkouts");
    assertThat(updateProblems("{\"affected_components\": []}"))
        .containsExactly("body.affected_components: must name at least one component");
  }

  @Test
  void notesFalsePositivesAndReopensCarryTheirText() throws Exception {
    assertThat(acted(ApiCommands.Action.NOTE, JSON.readTree("{\"message\": \" paged the DBA \"}")))
        .satisfies(c -> {
          assertThat(c.getType()).isEqualTo(CommandType.ADD_NOTE);
          assertThat(c.getMessage()).isEqualTo("paged the DBA");
        });
    assertThat(acted(ApiCommands.Action.FALSE_POSITIVE, JSON.readTree("{\"reason\": \"flaky probe\"}")).getType())
        .isEqualTo(CommandType.MARK_FALSE_POSITIVE);
    assertThat(acted(ApiCommands.Action.REOPEN, null).getType()).isEqualTo(CommandType.REOPEN);
    ApiCommands.Outcome noText = commands.action(ApiCommands.Action.NOTE, "INC-7K2M9QXD", null, "cmd-1",
        "deploy-bot", NOW);
    assertThat(((ApiCommands.Invalid) noText).problems()).containsExactly("body.message: is required (the note's text)");
    assertThat(ApiCommands.Action.named("false-positive")).contains(ApiCommands.Action.FALSE_POSITIVE);
    assertThat(ApiCommands.Action.named("delete")).isEmpty();
  }

  private List<String> createProblems(String body) {
    ApiCommands.Outcome outcome = commands.create(json(body), "cmd-1", "deploy-bot", NOW);
    assertThat(outcome).isInstanceOf(ApiCommands.Invalid.class);
    return ((ApiCommands.Invalid) outcome).problems();
  }

  private List<IncidentCommand> updated(String body) {
    ApiCommands.Outcome outcome = commands.update("INC-7K2M9QXD", json(body), IDS, "deploy-bot", NOW);
    assertThat(outcome).isInstanceOf(ApiCommands.Commands.class);
    return ((ApiCommands.Commands) outcome).commands();
  }

  private List<String> updateProblems(String body) {
    ApiCommands.Outcome outcome = commands.update("INC-7K2M9QXD", json(body), IDS, "deploy-bot", NOW);
    assertThat(outcome).isInstanceOf(ApiCommands.Invalid.class);
    return ((ApiCommands.Invalid) outcome).problems();
  }

  private IncidentCommand acted(ApiCommands.Action action, JsonNode body) {
    ApiCommands.Outcome outcome = commands.action(action, "INC-7K2M9QXD", body, "cmd-1", "deploy-bot", NOW);
    assertThat(outcome).isInstanceOf(ApiCommands.Commands.class);
    List<IncidentCommand> result = ((ApiCommands.Commands) outcome).commands();
    assertThat(result).hasSize(1);
    return result.get(0);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
