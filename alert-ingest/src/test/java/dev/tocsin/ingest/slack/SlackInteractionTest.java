package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.ingest.slack.SlackOutcome.Malformed;
import dev.tocsin.ingest.slack.SlackOutcome.Reply;
import dev.tocsin.schemas.serde.AvroTrust;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import dev.tocsin.schemas.vocabulary.SlackActions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackInteractionTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:55:00Z");

  private final SlackCommands commands = new SlackCommands("https://tocsin.example.com/incidents", SeverityAliases.defaults());

  @Test
  void acknowledgesFromTheAcknowledgeButton() {
    SlackOutcome outcome = click(SlackActions.ACKNOWLEDGE, "INC-7K2M9QXD");

    IncidentCommand command = ((SlackOutcome.Command) outcome).command();
    assertThat(command.getType()).isEqualTo(CommandType.ACKNOWLEDGE);
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(command.getCommandId()).isEqualTo("slack:123.456.abc");
    assertThat(command.getActor()).isEqualTo(new Actor("user", "U123JANE", "jane"));
    assertThat(command.getRequestedAt()).isEqualTo(NOW);
    assertThat(command.getOrigin()).isEqualTo("slack");
    assertThat(((SlackOutcome.Command) outcome).replyText())
        .isEqualTo("Acknowledged <https://tocsin.example.com/incidents/INC-7K2M9QXD|INC-7K2M9QXD> — on it.");
  }

  @Test
  void resolvesFromTheResolveButton() {
    SlackOutcome outcome = click(SlackActions.RESOLVE, "inc-7k2m9qxd");

    IncidentCommand command = ((SlackOutcome.Command) outcome).command();
    assertThat(command.getType()).isEqualTo(CommandType.RESOLVE);
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(command.getMessage()).isNull();
  }

  @Test
  void takesTheDisplayNameWhenNoUsernameIsSent() {
    String payload = SlackRequests.buttonClick(SlackActions.ACKNOWLEDGE, "INC-7K2M9QXD")
        .replace("\"username\":\"jane\",", "");

    SlackOutcome outcome = commands.interaction(SlackRequests.interaction(payload), NOW);

    assertThat(((SlackOutcome.Command) outcome).command().getActor().getName()).isEqualTo("jane");
  }

  @Test
  void replacesALoneSurrogateSoTheCommandSurvivesKafkaUnchanged() throws IOException {
    AvroTrust.ensure();
    // JSON can escape half a surrogate pair; Avro would write it as "?"
    String payload = SlackRequests.buttonClick(SlackActions.ACKNOWLEDGE, "INC-7K2M9QXD")
        .replace("\"username\":\"jane\"", "\"username\":\"jane\\ud800 \\ud83d\\ude80\"");

    IncidentCommand command =
        ((SlackOutcome.Command) commands.interaction(SlackRequests.interaction(payload), NOW)).command();

    assertThat(command.getActor().getName()).isEqualTo("jane\uFFFD \uD83D\uDE80");
    assertThat(IncidentCommand.fromByteBuffer(command.toByteBuffer())).isEqualTo(command);
  }

  @Test
  void acknowledgesSilentlyAButtonTocsinDoesNotActOn() {
    assertThat(click("open", "https://tocsin.example.com/incidents/INC-7K2M9QXD")).isEqualTo(new Reply(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"view_submission", "view_closed", "shortcut", "message_action", "block_suggestion"})
  void acknowledgesSilentlyOtherInteractionTypes(String type) {
    String payload = "{\"type\":\"" + type + "\",\"user\":{\"id\":\"U1\"}}";

    assertThat(commands.interaction(SlackRequests.interaction(payload), NOW)).isEqualTo(new Reply(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "INC-123", "7K2M9QXD", "INC-7K2M9QXD; drop"})
  void explainsAButtonWithoutAnIncidentId(String value) {
    SlackOutcome outcome = click(SlackActions.RESOLVE, value);

    assertThat(outcome).isInstanceOf(Reply.class);
    assertThat(((Reply) outcome).replyText()).isEqualTo("That button carries no incident id, so nothing was done."
        + " Use /incident resolve &lt;incident-id&gt; [reason] instead.");
  }

  static Stream<Arguments> malformedInteractions() {
    String click = SlackRequests.buttonClick(SlackActions.ACKNOWLEDGE, "INC-7K2M9QXD");
    return Stream.of(
        arguments(bytes("token=x"), List.of("payload: is required")),
        arguments(SlackRequests.interaction("{\"type\":"), List.of("payload: not valid JSON: Unexpected end-of-input")),
        arguments(SlackRequests.interaction("[1]"), List.of("payload: must be a JSON object")),
        arguments(SlackRequests.interaction("{}"), List.of("payload.type: is required")),
        arguments(SlackRequests.interaction("{\"type\":\"block_actions\",\"type\":\"x\"}"),
            List.of("payload: not valid JSON: Duplicate field 'type'")),
        arguments(SlackRequests.interaction(click.replace("\"id\":\"U123JANE\",", "")),
            List.of("payload.user.id: is required")),
        arguments(SlackRequests.interaction("{\"type\":\"block_actions\",\"user\":\"U1\",\"actions\":[]}"),
            List.of("payload.user.id: is required", "payload.actions: must hold at least one action")),
        arguments(SlackRequests.interaction("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[1]}"),
            List.of("payload.actions[0].action_id: is required")),
        arguments(bytes("payload=%7B&payload=%7B"), List.of("payload: appears more than once")));
  }

  @ParameterizedTest
  @MethodSource("malformedInteractions")
  void rejectsBodiesThatAreNoInteraction(byte[] body, List<String> problemStarts) {
    assertThat(commands.interaction(body, NOW)).isInstanceOfSatisfying(Malformed.class, malformed -> {
      // Jackson's own wording after the prefix is not ours to pin
      assertThat(malformed.problems()).hasSameSizeAs(problemStarts);
      for (int i = 0; i < problemStarts.size(); i++) {
        assertThat(malformed.problems().get(i)).startsWith(problemStarts.get(i));
      }
    });
  }

  @Test
  void refusesAPayloadThatIsNotUtf8() {
    String click = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U123JANE\",\"username\":\"jane\"}}";
    byte[] body = bytes("payload=" + URLEncoder.encode(click, StandardCharsets.UTF_8).replace("jane", "j%E2ne"));

    assertThat(commands.interaction(body, NOW)).isEqualTo(new SlackOutcome.Refused("not_utf8",
        "Tocsin could not read that request, so nothing was done: \"payload\" is not valid UTF-8."));
  }

  private SlackOutcome click(String actionId, String value) {
    return commands.interaction(SlackRequests.interaction(SlackRequests.buttonClick(actionId, value)), NOW);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
