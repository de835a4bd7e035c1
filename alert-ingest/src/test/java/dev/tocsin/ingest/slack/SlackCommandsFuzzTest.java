package dev.tocsin.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.schemas.serde.AvroTrust;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import dev.tocsin.schemas.vocabulary.SlackActions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Fuzzes both Slack parsers: whatever the body, the outcome is one of the declared ones, and every
 * command can be written to Kafka. Half the inputs are raw bytes, half well-formed requests with
 * fuzzed text, so the grammar is reached without the fuzzer first learning the form encoding.
 */
class SlackCommandsFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:53:03.656Z");
  private static final String RAW = "@@raw@@";
  private static final String[] VERBS = {"ack", "resolve", "status", "severity", "assign", "silence"};
  private static final String[] BUTTON_VALUES = {"INC-7K2M9QXD", "inc-7k2m9qxd", "INC-0000000Z", ""};

  private static final String[] ACTION_IDS =
      {SlackActions.ACKNOWLEDGE, SlackActions.RESOLVE, "open"};
  private static final ObjectNode CLICK = click();

  static {
    AvroTrust.ensure();
  }

  private final SlackCommands commands = new SlackCommands("https://tocsin.example.com/incidents", SeverityAliases.defaults());

  @FuzzTest(maxDuration = "5m")
  void slashCommand(FuzzedDataProvider data) {
    byte[] body;
    if (data.consumeBoolean()) {
      body = data.consumeRemainingAsBytes();
    } else {
      var fields = SlackRequests.slashCommandFields(data.consumeString(500));
      if (data.consumeBoolean()) {
        fields.put("trigger_id", data.consumeString(80));
      }
      if (data.consumeBoolean()) {
        fields.put("command", data.consumeString(20));
      }
      fields.put("user_name", data.consumeRemainingAsString());
      body = SlackRequests.form(fields);
    }
    assertDeclared(commands.slashCommand(body, NOW));
  }

  /** The subcommands that take an incident id, past the id, which the fuzzer is unlikely to guess. */
  @FuzzTest(maxDuration = "5m")
  @DictionaryEntries({"<@U024BE7LH|alice>", "<@W0G9QF9GZ>", "<@", "|", ">", "me", "30m", "1d2h3m", "-", "7d", "critical",
      "sev-4", "investigating"})
  void slashCommandAfterAValidIncidentId(FuzzedDataProvider data) {
    String text = data.pickValue(VERBS) + " INC-7K2M9QXD " + data.consumeRemainingAsString();
    assertDeclared(commands.slashCommand(SlackRequests.slashCommand(text), NOW));
  }

  @FuzzTest(maxDuration = "5m")
  void interaction(FuzzedDataProvider data) {
    byte[] body;
    switch (data.consumeInt(0, 2)) {
      case 0 -> body = data.consumeRemainingAsBytes();
      case 1 -> body = SlackRequests.interaction(data.consumeRemainingAsString());
      default -> {
        ObjectNode payload = CLICK.deepCopy();
        ((ObjectNode) payload.withArray("actions").get(0)).put("action_id", data.pickValue(ACTION_IDS));
        // a valid id is too rare for the fuzzer to guess, and without one no command is ever built
        String value = data.consumeBoolean() ? data.pickValue(BUTTON_VALUES) : data.consumeString(30);
        ((ObjectNode) payload.withArray("actions").get(0)).put("value", value);
        if (data.consumeBoolean()) {
          payload.put("trigger_id", data.consumeString(80));
        }
        ((ObjectNode) payload.get("user")).put("username", RAW);
        payload.put("type", data.consumeBoolean() ? "block_actions" : data.consumeString(20));
        // spliced in unescaped, so the fuzzer can write JSON escapes of its own (lone surrogates, quotes)
        body = SlackRequests.interaction(payload.toString().replace(RAW, data.consumeRemainingAsString()));
      }
    }
    assertDeclared(commands.interaction(body, NOW));
  }

  private static ObjectNode click() {
    try {
      return (ObjectNode) JSON.readTree(SlackRequests.buttonClick(SlackActions.ACKNOWLEDGE, "INC-7K2M9QXD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertDeclared(SlackOutcome outcome) {
    assertThat(outcome).isNotNull();
    if (outcome instanceof SlackOutcome.Command command) {
      assertSerialisable(command.command());
      assertComplete(command.command());
      assertThat(SlackResponses.ephemeral(command.replyText())).startsWith("{\"response_type\":\"ephemeral\"");
    } else if (outcome instanceof SlackOutcome.Reply reply) {
      assertThat(SlackResponses.ephemeral(reply.replyText())).startsWith("{\"response_type\":\"ephemeral\"");
    } else if (outcome instanceof SlackOutcome.Refused refused) {
      assertThat(refused.reason()).matches("[a-z_]+");
      assertThat(SlackResponses.ephemeral(refused.replyText())).startsWith("{\"response_type\":\"ephemeral\"");
    } else {
      assertThat(((SlackOutcome.Malformed) outcome).problems()).isNotEmpty();
    }
  }

  /** What the engine needs of each command type, whatever the text. */
  private static void assertComplete(IncidentCommand command) {
    CommandType type = command.getType();
    assertThat(command.getIncidentId() == null).isEqualTo(type == CommandType.CREATE);
    if (type == CommandType.SET_SEVERITY) {
      assertThat(command.getSeverity()).isNotNull();
    } else if (type == CommandType.ASSIGN) {
      assertThat(command.getAssignee().getKind()).isEqualTo("user");
      if (!command.getAssignee().equals(command.getActor())) {
        assertThat(command.getAssignee().getId()).matches("[UW][0-9A-Z]{2,20}");
      }
    } else if (type == CommandType.SILENCE) {
      assertThat(command.getMatchers()).isEmpty();
      assertThat(command.getUntil()).isAfter(command.getRequestedAt())
          .isBeforeOrEqualTo(command.getRequestedAt().plus(Duration.ofDays(7)));
    }
  }

  private static void assertSerialisable(IncidentCommand command) {
    try {
      assertThat(IncidentCommand.fromByteBuffer(command.toByteBuffer())).isEqualTo(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
