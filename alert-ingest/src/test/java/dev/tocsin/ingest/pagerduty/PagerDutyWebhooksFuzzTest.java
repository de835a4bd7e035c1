package dev.tocsin.ingest.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.schemas.serde.AvroTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzzes the webhook parser: whatever the body, the outcome is one of the declared ones, and every
 * command can be written to Kafka. Half the inputs are raw bytes, half documented events with
 * fuzzed fields.
 */
class PagerDutyWebhooksFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T11:00:00Z");
  private static final String[] EVENT_TYPES = {"incident.acknowledged", "incident.resolved", "incident.annotated",
      "pagey.ping"};
  private static final String RAW = "@@raw@@";
  private static final String[] KEYS = {"INC-7K2M9QXD", "INC-0000000Z", "d3640fbd41094207a1c11e58e46b1662"};
  private static final String[] TITLES = {"INC-7K2M9QXD HighCPU", "[#12] [INC-7K2M9QXD] x", "HighCPU INC-7K2M9QXD"};

  static {
    AvroTrust.ensure();
  }

  private final PagerDutyWebhooks webhooks = new PagerDutyWebhooks();

  @FuzzTest(maxDuration = "5m")
  void parse(FuzzedDataProvider data) {
    byte[] body = data.consumeBoolean() ? data.consumeRemainingAsBytes() : structured(data);

    PagerDutyOutcome outcome = webhooks.parse(body, NOW);

    assertThat(outcome).isNotNull();
    if (outcome instanceof PagerDutyOutcome.Command command) {
      assertThat(command.command().getCommandId()).isEqualTo("pagerduty:" + command.eventId());
      try {
        IncidentCommand written = command.command();
        assertThat(IncidentCommand.fromByteBuffer(written.toByteBuffer())).isEqualTo(written);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (outcome instanceof PagerDutyOutcome.Malformed malformed) {
      assertThat(malformed.problems()).isNotEmpty();
    }
  }

  private static byte[] structured(FuzzedDataProvider data) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", data.consumeString(40));
    event.put("event_type", data.pickValue(EVENT_TYPES));
    event.put("occurred_at", data.consumeBoolean() ? "2020-10-02T18:45:22.169Z" : data.consumeString(40));
    if (data.consumeBoolean()) {
      event.putObject("agent").put("id", data.consumeString(20)).put("type", data.consumeString(20))
          .put("summary", data.consumeString(20));
    } else {
      event.putNull("agent");
    }
    ObjectNode incidentData = event.putObject("data");
    // Tocsin ids are too rare for the fuzzer to guess, and without one no command is ever built
    incidentData.put("incident_key", data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(20));
    incidentData.putObject("incident").put("id", "PGR0VU2")
        .put("summary", data.consumeBoolean() ? data.pickValue(TITLES) : data.consumeString(60));
    boolean rawContent = data.consumeBoolean();
    incidentData.put("content", rawContent ? RAW : data.consumeRemainingAsString());
    String json = JSON.createObjectNode().set("event", event).toString();
    if (rawContent) {
      // spliced in unescaped, so the fuzzer can write JSON escapes of its own (lone surrogates, quotes)
      json = json.replace(RAW, data.consumeRemainingAsString());
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
