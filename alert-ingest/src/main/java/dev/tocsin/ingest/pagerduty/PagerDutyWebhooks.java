package dev.tocsin.ingest.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.ingest.json.JsonBody;
import dev.tocsin.ingest.pagerduty.PagerDutyOutcome.Ignored;
import dev.tocsin.ingest.pagerduty.PagerDutyOutcome.Malformed;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns PagerDuty webhook v3 events on Tocsin's incidents into incident commands:
 * {@code incident.acknowledged} → ACKNOWLEDGE, {@code incident.resolved} → RESOLVE,
 * {@code incident.annotated} → POST_UPDATE with the note as message; every other event type is
 * ignored. Tocsin triggers PagerDuty incidents with its incident id as {@code dedup_key}, which
 * webhooks carry as {@code data.incident_key}; a note's data has no key, only a reference to the
 * incident whose {@code summary} is its title, so the notifier must begin that title with the
 * Tocsin id (e.g. {@code "INC-7K2M9QXD HighCPU on api-1"}). The command id is
 * {@code "pagerduty:" + event.id}, so a redelivered event is the same command. Immutable and
 * thread-safe.
 */
public final class PagerDutyWebhooks {
  /** The {@code origin} of every command from PagerDuty. */
  public static final String ORIGIN = "pagerduty";

  static final String ACKNOWLEDGED = "incident.acknowledged";
  static final String RESOLVED = "incident.resolved";
  static final String ANNOTATED = "incident.annotated";
  static final String NOT_TOCSIN = "not a Tocsin incident";

  // PagerDuty may prefix a reference's summary with the incident number: "[#1234] INC-7K2M9QXD HighCPU".
  private static final Pattern TITLE_WITH_ID =
      Pattern.compile("(?:\\[#\\d{1,12}\\]\\s*)?\\[?(" + IncidentIds.REGEX + ")\\]?(?=[\\s:]|$)");
  private static final Pattern LONE_SURROGATE = Pattern.compile("\\p{Cs}");
  private static final int MAX_EVENT_ID_LENGTH = 200;
  // A record holds epoch milliseconds: Instant's full range would overflow them.
  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /**
   * Decides what one webhook body asks for.
   *
   * @param body the raw JSON body
   * @param now when it arrived; the command's {@code requestedAt} when the event has no {@code occurred_at}
   */
  public PagerDutyOutcome parse(byte[] body, Instant now) {
    Objects.requireNonNull(now, "now");
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new Malformed(List.of("body: not valid JSON: " + JsonBody.describe(e)));
    } catch (IOException e) {
      return new Malformed(List.of("body: not valid JSON: " + e.getMessage()));
    }
    if (root == null || root.isMissingNode()) {
      return new Malformed(List.of("body: is empty"));
    }
    if (!root.isObject()) {
      return new Malformed(List.of("body: must be a JSON object"));
    }
    JsonNode event = root.get("event");
    if (event == null || !event.isObject()) {
      return new Malformed(List.of("event: must be an object"));
    }

    List<String> problems = new ArrayList<>();
    String eventId = text(event, "id", "event.id", problems);
    if (eventId != null && eventId.length() > MAX_EVENT_ID_LENGTH) {
      problems.add("event.id: longer than " + MAX_EVENT_ID_LENGTH + " characters");
    }
    String eventType = text(event, "event_type", "event.event_type", problems);
    if (!problems.isEmpty()) {
      return new Malformed(problems);
    }
    CommandType type = switch (eventType) {
      case ACKNOWLEDGED -> CommandType.ACKNOWLEDGE;
      case RESOLVED -> CommandType.RESOLVE;
      case ANNOTATED -> CommandType.POST_UPDATE;
      default -> null;
    };
    if (type == null) {
      return new Ignored(eventId, "event type " + eventType + " is not acted on");
    }

    JsonNode data = event.get("data");
    if (data == null || !data.isObject()) {
      return new Malformed(List.of("event.data: must be an object"));
    }
    Instant requestedAt = occurredAt(event.get("occurred_at"), now, problems);
    Actor actor = actor(event.get("agent"), problems);
    String incidentId;
    String message = null;
    if (type == CommandType.POST_UPDATE) {
      JsonNode incident = data.get("incident");
      if (incident == null || !incident.isObject()) {
        problems.add("event.data.incident: must be an object");
        return new Malformed(problems);
      }
      incidentId = noteIncidentId(incident);
      message = text(data, "content", "event.data.content", problems);
      if (message != null && message.isBlank()) {
        problems.add("event.data.content: is empty");
      }
    } else {
      incidentId = tocsinId(data.get("incident_key"));
    }
    if (!problems.isEmpty()) {
      return new Malformed(problems);
    }
    if (incidentId == null) {
      return new Ignored(eventId, NOT_TOCSIN);
    }
    IncidentCommand command = IncidentCommand.newBuilder()
        .setCommandId(ORIGIN + ":" + eventId)
        .setType(type)
        .setIncidentId(incidentId)
        .setActor(actor)
        .setRequestedAt(requestedAt)
        .setMessage(message)
        .setOrigin(ORIGIN)
        .build();
    return new PagerDutyOutcome.Command(eventId, command);
  }

  /** The Tocsin id a note's incident reference names: its own key if sent, else the id its title begins with. */
  private static String noteIncidentId(JsonNode incident) {
    String byKey = tocsinId(incident.get("incident_key"));
    if (byKey != null) {
      return byKey;
    }
    JsonNode summary = incident.get("summary");
    if (summary == null || !summary.isTextual()) {
      return null;
    }
    Matcher matcher = TITLE_WITH_ID.matcher(summary.textValue().strip());
    return matcher.lookingAt() ? matcher.group(1) : null;
  }

  private static String tocsinId(JsonNode key) {
    return key != null && key.isTextual() && IncidentIds.isId(key.textValue()) ? key.textValue() : null;
  }

  private static Actor actor(JsonNode agent, List<String> problems) {
    if (agent == null || agent.isNull()) {
      // PagerDuty's own automation
      return new Actor("integration", ORIGIN, null);
    }
    if (!agent.isObject()) {
      problems.add("event.agent: must be an object or null");
      return null;
    }
    String id = agent.path("id").isTextual() && !agent.path("id").textValue().isBlank()
        ? wellFormed(agent.path("id").textValue()) : ORIGIN;
    String name = agent.path("summary").isTextual() && !agent.path("summary").textValue().isBlank()
        ? wellFormed(agent.path("summary").textValue()) : null;
    String kind = "user_reference".equals(agent.path("type").textValue()) ? "user" : "integration";
    return new Actor(kind, id, name);
  }

  private static Instant occurredAt(JsonNode node, Instant now, List<String> problems) {
    if (node == null || node.isNull()) {
      return now.truncatedTo(ChronoUnit.MILLIS);
    }
    if (node.isTextual()) {
      try {
        Instant instant = OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
          problems.add("event.occurred_at: outside the years 1970 to 9999");
          return null;
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeException e) {
        // reported below
      }
    }
    problems.add("event.occurred_at: not an ISO 8601 date-time with offset");
    return null;
  }

  private static String text(JsonNode parent, String field, String path, List<String> problems) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      problems.add(path + ": is required");
      return null;
    }
    if (!node.isTextual()) {
      problems.add(path + ": must be a string");
      return null;
    }
    if (node.textValue().isEmpty()) {
      problems.add(path + ": is empty");
      return null;
    }
    return wellFormed(node.textValue());
  }

  /**
   * {@code text} with each unpaired surrogate (a JSON escape can produce one) replaced by U+FFFD:
   * Avro would write it as {@code ?}, so the command would change on its way through Kafka.
   */
  private static String wellFormed(String text) {
    // Pattern reads code points, so only a surrogate without its partner is in category Cs.
    return LONE_SURROGATE.matcher(text).replaceAll("\uFFFD");
  }

}
