package dev.tocsin.ingest.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.ingest.pagerduty.PagerDutyOutcome.Ignored;
import dev.tocsin.ingest.pagerduty.PagerDutyOutcome.Malformed;
import dev.tocsin.schemas.serde.AvroTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PagerDutyWebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-22T11:00:00Z");
  private static final String EVENT_ID = "5ac64822-4adc-4fda-ade0-410becf0de4f";
  private static final String USER_AGENT = """
      {"html_url": "https://acme.pagerduty.com/users/PLH1HKV", "id": "PLH1HKV",
       "self": "https://api.pagerduty.com/users/PLH1HKV", "summary": "Tenex Engineer", "type": "user_reference"}""";

  private final PagerDutyWebhooks webhooks = new PagerDutyWebhooks();

  /** An incident event as documented in PagerDuty's webhooks v3 overview, for a Tocsin-triggered incident. */
  private static String incidentEvent(String eventType, String agent, String incidentKey) {
    return """
        {
          "event": {
            "id": "%s",
            "event_type": "%s",
            "resource_type": "incident",
            "occurred_at": "2020-10-02T18:45:22.169Z",
            "agent": %s,
            "client": {"name": "PagerDuty"},
            "data": {
              "id": "PGR0VU2", "type": "incident",
              "self": "https://api.pagerduty.com/incidents/PGR0VU2",
              "html_url": "https://acme.pagerduty.com/incidents/PGR0VU2",
              "number": 2, "status": "acknowledged", "incident_key": %s,
              "created_at": "2020-04-09T15:16:27Z", "title": "INC-7K2M9QXD HighCPU on api-1",
              "service": {"html_url": "https://acme.pagerduty.com/services/PF9KMXH", "id": "PF9KMXH",
                          "self": "https://api.pagerduty.com/services/PF9KMXH", "summary": "API Service",
                          "type": "service_reference"},
              "assignees": [], "escalation_policy": {"id": "PUS0KTE", "type": "escalation_policy_reference"},
              "teams": [], "priority": null, "urgency": "high",
              "conference_bridge": {"conference_number": "+1 1234123412,,987654321#", "conference_url": "https://example.com"},
              "resolve_reason": null
            }
          }
        }
        """.formatted(EVENT_ID, eventType, agent, incidentKey);
  }

  /** An incident.annotated event: its data is an incident_note, which references the incident by title only. */
  private static String noteEvent(String incidentReference, String content) {
    return """
        {
          "event": {
            "id": "01BRB6ZP4M6T8ZG4X6BP63ZB9O",
            "event_type": "incident.annotated",
            "resource_type": "incident",
            "occurred_at": "2020-10-02T18:46:00.5+02:00",
            "agent": %s,
            "client": null,
            "data": {
              "incident": %s,
              "id": "P2LA89X",
              "content": %s,
              "trimmed": false,
              "type": "incident_note"
            }
          }
        }
        """.formatted(USER_AGENT, incidentReference, content);
  }

  private static String reference(String summary) {
    return """
        {"html_url": "https://acme.pagerduty.com/incidents/PGR0VU2", "id": "PGR0VU2",
         "self": "https://api.pagerduty.com/incidents/PGR0VU2", "summary": "%s", "type": "incident_reference"}"""
        .formatted(summary);
  }

  @Test
  void acknowledgesTheTocsinIncidentAPagerDutyUserAcknowledged() {
    PagerDutyOutcome outcome = parse(incidentEvent("incident.acknowledged", USER_AGENT, "\"INC-7K2M9QXD\""));

    assertThat(outcome).isInstanceOf(PagerDutyOutcome.Command.class);
    assertThat(((PagerDutyOutcome.Command) outcome).eventId()).isEqualTo(EVENT_ID);
    IncidentCommand command = ((PagerDutyOutcome.Command) outcome).command();
    assertThat(command.getCommandId()).isEqualTo("pagerduty:" + EVENT_ID);
    assertThat(command.getType()).isEqualTo(CommandType.ACKNOWLEDGE);
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(command.getActor()).isEqualTo(new Actor("user", "PLH1HKV", "Tenex Engineer"));
    assertThat(command.getRequestedAt()).isEqualTo(Instant.parse("2020-10-02T18:45:22.169Z"));
    assertThat(command.getMessage()).isNull();
    assertThat(command.getOrigin()).isEqualTo("pagerduty");
  }

  @Test
  void resolvesTheTocsinIncidentResolvedInPagerDuty() {
    IncidentCommand command = command(parse(incidentEvent("incident.resolved", USER_AGENT, "\"INC-7K2M9QXD\"")));

    assertThat(command.getType()).isEqualTo(CommandType.RESOLVE);
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
  }

  @Test
  void attributesChangesMadeByPagerDutyAutomationToTheIntegration() {
    IncidentCommand command = command(parse(incidentEvent("incident.resolved", "null", "\"INC-7K2M9QXD\"")));

    assertThat(command.getActor()).isEqualTo(new Actor("integration", "pagerduty", null));
  }

  @Test
  void attributesChangesMadeThroughAServiceToThatIntegration() {
    String serviceAgent = "{\"id\": \"PF9KMXH\", \"type\": \"service_reference\", \"summary\": \"API Service\"}";

    IncidentCommand command = command(parse(incidentEvent("incident.resolved", serviceAgent, "\"INC-7K2M9QXD\"")));

    assertThat(command.getActor()).isEqualTo(new Actor("integration", "PF9KMXH", "API Service"));
  }

  @Test
  void givesARedeliveredEventTheSameCommand() {
    String body = incidentEvent("incident.acknowledged", USER_AGENT, "\"INC-7K2M9QXD\"");

    assertThat(command(webhooks.parse(bytes(body), NOW)))
        .isEqualTo(command(webhooks.parse(bytes(body), NOW.plusSeconds(3600))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"INC-7K2M9QXD HighCPU on api-1", "[INC-7K2M9QXD] HighCPU on api-1",
      "INC-7K2M9QXD: HighCPU", "[#1234] INC-7K2M9QXD HighCPU", "INC-7K2M9QXD"})
  void postsANoteAsAnUpdateOfTheIncidentItsTitleNames(String title) {
    IncidentCommand command = command(parse(noteEvent(reference(title), "\"Rolled back deploy 42 \u2014 watching\"")));

    assertThat(command.getType()).isEqualTo(CommandType.POST_UPDATE);
    assertThat(command.getIncidentId()).isEqualTo("INC-7K2M9QXD");
    assertThat(command.getMessage()).isEqualTo("Rolled back deploy 42 — watching");
    assertThat(command.getPublicStatus()).isNull();
    assertThat(command.getCommandId()).isEqualTo("pagerduty:01BRB6ZP4M6T8ZG4X6BP63ZB9O");
    assertThat(command.getRequestedAt()).isEqualTo(Instant.parse("2020-10-02T16:46:00.500Z"));
  }

  @Test
  void replacesALoneSurrogateSoTheCommandSurvivesKafkaUnchanged() throws IOException {
    AvroTrust.ensure();
    // JSON can escape half a surrogate pair; Avro would write it as "?"
    String body = noteEvent(reference("INC-7K2M9QXD x"), "\"\\udc00 rolled back \\ud83d\\ude80\"")
        .replace("\"summary\": \"Tenex Engineer\"", "\"summary\": \"Tenex\\ud800\"");

    IncidentCommand command = command(parse(body));

    assertThat(command.getMessage()).isEqualTo("\uFFFD rolled back \uD83D\uDE80");
    assertThat(command.getActor().getName()).isEqualTo("Tenex\uFFFD");
    assertThat(IncidentCommand.fromByteBuffer(command.toByteBuffer())).isEqualTo(command);
  }

  @Test
  void prefersAnIncidentKeyOnTheNotesReferenceOverItsTitle() {
    String reference = "{\"id\": \"PGR0VU2\", \"type\": \"incident_reference\", \"incident_key\": \"INC-ABCDEFGH\","
        + " \"summary\": \"INC-7K2M9QXD copy\"}";

    assertThat(command(parse(noteEvent(reference, "\"x\""))).getIncidentId()).isEqualTo("INC-ABCDEFGH");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HighCPU on api-1", "follow-up of INC-7K2M9QXD", "INC-7K2M9QXDX extra", "inc-7k2m9qxd x",
      "INC-7K2M9QXI x"})
  void ignoresANoteOnAnIncidentWhoseTitleDoesNotBeginWithATocsinId(String title) {
    assertThat(parse(noteEvent(reference(title), "\"x\"")))
        .isEqualTo(new Ignored("01BRB6ZP4M6T8ZG4X6BP63ZB9O", "not a Tocsin incident"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"d3640fbd41094207a1c11e58e46b1662\"", "null", "\"inc-7k2m9qxd\"", "\" INC-7K2M9QXD\"", "42"})
  void ignoresIncidentsTocsinDidNotTrigger(String incidentKey) {
    assertThat(parse(incidentEvent("incident.acknowledged", USER_AGENT, incidentKey)))
        .isEqualTo(new Ignored(EVENT_ID, "not a Tocsin incident"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"incident.triggered", "incident.unacknowledged", "incident.reopened", "incident.escalated",
      "incident.priority_updated", "incident.status_update_published", "service.updated", "pagey.ping",
      "incident.some_future_type"})
  void ignoresEventTypesItDoesNotActOn(String eventType) {
    assertThat(parse(incidentEvent(eventType, USER_AGENT, "\"INC-7K2M9QXD\"")))
        .isEqualTo(new Ignored(EVENT_ID, "event type " + eventType + " is not acted on"));
  }

  @Test
  void ignoresPageysTestEvent() {
    String ping = """
        {"event": {"id": "01C5ZDC4S9B6XJ8VCJPRVHIQ2S", "event_type": "pagey.ping", "resource_type": "pagey",
                   "occurred_at": "2021-12-08T22:04:53.028Z", "agent": null, "client": null,
                   "data": {"message": "Hello from your friend Pagey!", "type": "ping"}}}""";

    assertThat(parse(ping)).isEqualTo(new Ignored("01C5ZDC4S9B6XJ8VCJPRVHIQ2S", "event type pagey.ping is not acted on"));
  }

  @Test
  void ignoresTheEventOfGoPagerDutysSignatureVector() {
    assertThat(webhooks.parse(PagerDutySignatureVerifierTest.resource("go-pagerduty-priority-updated.json"), NOW))
        .isEqualTo(new Ignored("01BWDWL3NYY7LUFPZCC28QUCMK", "event type incident.priority_updated is not acted on"));
  }

  @Test
  void usesTheArrivalTimeWhenTheEventCarriesNone() {
    String body = incidentEvent("incident.acknowledged", USER_AGENT, "\"INC-7K2M9QXD\"")
        .replace("\"occurred_at\": \"2020-10-02T18:45:22.169Z\",", "");

    assertThat(command(parse(body)).getRequestedAt()).isEqualTo(NOW);
  }

  static Stream<Arguments> malformedBodies() {
    String ack = incidentEvent("incident.acknowledged", USER_AGENT, "\"INC-7K2M9QXD\"");
    return Stream.of(
        arguments("", List.of("body: is empty")),
        arguments("{\"event\":", List.of("body: not valid JSON: Unexpected end-of-input")),
        arguments("{} {}", List.of("body: not valid JSON: Trailing token")),
        arguments("[]", List.of("body: must be a JSON object")),
        arguments("{}", List.of("event: must be an object")),
        arguments("{\"event\": []}", List.of("event: must be an object")),
        arguments("{\"event\": {}}", List.of("event.id: is required", "event.event_type: is required")),
        arguments("{\"event\": {\"id\": 7, \"event_type\": \"\"}}",
            List.of("event.id: must be a string", "event.event_type: is empty")),
        arguments("{\"event\": {\"id\": \"" + "e".repeat(201) + "\", \"event_type\": \"incident.resolved\"}}",
            List.of("event.id: longer than 200 characters")),
        arguments("{\"event\": {\"id\": \"e\", \"event_type\": \"incident.resolved\"}}",
            List.of("event.data: must be an object")),
        arguments(ack.replace("2020-10-02T18:45:22.169Z", "yesterday"),
            List.of("event.occurred_at: not an ISO 8601 date-time with offset")),
        arguments(ack.replace("2020-10-02T18:45:22.169Z", "2020-10-02T18:45:22"),
            List.of("event.occurred_at: not an ISO 8601 date-time with offset")),
        arguments(ack.replace("2020-10-02T18:45:22.169Z", "+999999999-12-31T23:59:59Z"),
            List.of("event.occurred_at: outside the years 1970 to 9999")),
        arguments(incidentEvent("incident.resolved", "\"PLH1HKV\"", "\"INC-7K2M9QXD\""),
            List.of("event.agent: must be an object or null")),
        arguments(noteEvent("\"PGR0VU2\"", "\"x\""), List.of("event.data.incident: must be an object")),
        arguments(noteEvent(reference("INC-7K2M9QXD x"), "null"), List.of("event.data.content: is required")),
        arguments(noteEvent(reference("INC-7K2M9QXD x"), "\" \""), List.of("event.data.content: is empty")),
        arguments("{\"event\": {\"id\": \"a\", \"id\": \"b\", \"event_type\": \"x\"}}",
            List.of("body: not valid JSON: Duplicate field 'id'")));
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void rejectsBodiesThatAreNoV3Webhook(String body, List<String> problemStarts) {
    assertThat(parse(body)).isInstanceOfSatisfying(Malformed.class, malformed -> {
      // Jackson's own wording after the prefix is not ours to pin
      assertThat(malformed.problems()).hasSameSizeAs(problemStarts);
      for (int i = 0; i < problemStarts.size(); i++) {
        assertThat(malformed.problems().get(i)).startsWith(problemStarts.get(i));
      }
    });
  }

  private PagerDutyOutcome parse(String body) {
    return webhooks.parse(bytes(body), NOW);
  }

  private static IncidentCommand command(PagerDutyOutcome outcome) {
    assertThat(outcome).isInstanceOf(PagerDutyOutcome.Command.class);
    return ((PagerDutyOutcome.Command) outcome).command();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
