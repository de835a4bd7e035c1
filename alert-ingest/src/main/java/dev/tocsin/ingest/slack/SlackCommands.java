package dev.tocsin.ingest.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.ingest.json.JsonBody;
import dev.tocsin.ingest.slack.SlackOutcome.Malformed;
import dev.tocsin.ingest.slack.SlackOutcome.Reply;
import dev.tocsin.ingest.slack.SlashRequest.Verb;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import dev.tocsin.schemas.vocabulary.SlackActions;
import dev.tocsin.schemas.vocabulary.SlackMrkdwn;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Slack requests of verified origin into incident commands: the {@code /incident} slash
 * command ({@code ack}, {@code resolve}, {@code create}, {@code status}, {@code severity},
 * {@code assign}, {@code silence}, {@code help}) and clicks on
 * the incident message's buttons. The notifier's buttons must carry
 * {@code action_id} {@link SlackActions#ACKNOWLEDGE} or {@link SlackActions#RESOLVE} and the incident
 * id as {@code value}. A command's id is {@code "slack:" + trigger_id}, so a request handled twice
 * is one command. Immutable and thread-safe.
 */
public final class SlackCommands {
  /** The {@code origin} of every command from Slack. */
  public static final String ORIGIN = "slack";

  private static final String BLOCK_ACTIONS = "block_actions";
  private static final String DEFAULT_COMMAND_NAME = "/incident";
  // Slack's trigger ids are digits, dots and hex; anything else, or longer, is not used as an idempotency key.
  private static final Pattern TRIGGER_ID = Pattern.compile("[0-9A-Za-z._-]{1,200}");
  private static final Pattern LONE_SURROGATE = Pattern.compile("\\p{Cs}");
  private static final Pattern PLAIN_FIELD_NAME = Pattern.compile("[A-Za-z0-9_ #.-]{1,64}");
  private static final Pattern COMMAND_NAME = Pattern.compile("/[^\\s]{1,64}");

  private static final DateTimeFormatter UTC_MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final String incidentUrlBase;
  private final SeverityAliases severityAliases;

  /**
   * @param incidentUrlBase where incident pages live (replies link {@code <base>/<id>}), or null
   *     for replies without links
   * @param severityAliases what {@code /incident severity} and {@code create severity:} accept
   */
  public SlackCommands(String incidentUrlBase, SeverityAliases severityAliases) {
    this.incidentUrlBase = incidentUrlBase == null ? null : validUrlBase(incidentUrlBase);
    this.severityAliases = Objects.requireNonNull(severityAliases, "severityAliases");
  }

  /**
   * Decides what a slash-command request asks for.
   *
   * @param formBody the raw {@code application/x-www-form-urlencoded} body
   * @param now when the request arrived (the command's {@code requestedAt})
   */
  public SlackOutcome slashCommand(byte[] formBody, Instant now) {
    Objects.requireNonNull(now, "now");
    FormBody form = FormBody.parse(formBody);
    if (!form.notUtf8().isEmpty()) {
      return notUtf8(form);
    }
    if (!form.problems().isEmpty()) {
      return new Malformed(form.problems());
    }
    List<String> problems = new ArrayList<>();
    String commandName = required(form, "command", problems);
    String userId = required(form, "user_id", problems);
    if (!problems.isEmpty()) {
      return new Malformed(problems);
    }
    String shownName = COMMAND_NAME.matcher(commandName).matches() ? commandName : DEFAULT_COMMAND_NAME;
    String text = form.get("text") == null ? "" : SlackMrkdwn.unescape(form.get("text"));
    Actor actor = new Actor("user", userId, blankToNull(form.get("user_name")));
    Origin origin = new Origin(commandId(form.get("trigger_id"), formBody), actor, millis(now));

    SlashRequest request = SlashCommandGrammar.parse(text, severityAliases);
    if (request instanceof SlashRequest.Acknowledge ack) {
      return acknowledged(origin, ack.incidentId());
    }
    if (request instanceof SlashRequest.Resolve resolve) {
      return resolved(origin, resolve.incidentId(), resolve.reason());
    }
    if (request instanceof SlashRequest.Status status) {
      return statusPosted(origin, status);
    }
    if (request instanceof SlashRequest.Create create) {
      return created(origin, create);
    }
    if (request instanceof SlashRequest.SetSeverity severity) {
      return severitySet(origin, severity);
    }
    if (request instanceof SlashRequest.Assign assign) {
      return assigned(origin, assign, form.get("text"));
    }
    if (request instanceof SlashRequest.Silence silence) {
      return silenced(origin, silence);
    }
    if (request instanceof SlashRequest.Invalid invalid) {
      return new Reply(usageError(shownName, invalid));
    }
    return new Reply(help(shownName));
  }

  /**
   * Decides what an interaction (a button click) asks for.
   *
   * @param formBody the raw form body, whose {@code payload} field holds the interaction as JSON
   * @param now when the request arrived (the command's {@code requestedAt})
   */
  public SlackOutcome interaction(byte[] formBody, Instant now) {
    Objects.requireNonNull(now, "now");
    FormBody form = FormBody.parse(formBody);
    if (!form.notUtf8().isEmpty()) {
      return notUtf8(form);
    }
    if (!form.problems().isEmpty()) {
      return new Malformed(form.problems());
    }
    String payloadText = form.get("payload");
    if (payloadText == null) {
      return new Malformed(List.of("payload: is required"));
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(payloadText);
    } catch (JsonProcessingException e) {
      return new Malformed(List.of("payload: not valid JSON: " + JsonBody.describe(e)));
    }
    if (payload == null || !payload.isObject()) {
      return new Malformed(List.of("payload: must be a JSON object"));
    }
    String type = text(payload.get("type"));
    if (type == null) {
      return new Malformed(List.of("payload.type: is required"));
    }
    if (!BLOCK_ACTIONS.equals(type)) {
      // Slack still expects a 200 for interactions Tocsin does not handle (shortcuts, view closures).
      return new Reply("");
    }
    List<String> problems = new ArrayList<>();
    JsonNode user = payload.get("user");
    String userId = user == null ? null : blankToNull(text(user.get("id")));
    if (userId == null) {
      problems.add("payload.user.id: is required");
    }
    JsonNode actions = payload.get("actions");
    JsonNode action = null;
    if (actions == null || !actions.isArray() || actions.isEmpty()) {
      problems.add("payload.actions: must hold at least one action");
    } else if (!actions.get(0).isObject() || text(actions.get(0).get("action_id")) == null) {
      problems.add("payload.actions[0].action_id: is required");
    } else {
      action = actions.get(0);
    }
    if (!problems.isEmpty()) {
      return new Malformed(problems);
    }

    String actionId = text(action.get("action_id"));
    boolean acknowledge = SlackActions.ACKNOWLEDGE.equals(actionId);
    if (!acknowledge && !SlackActions.RESOLVE.equals(actionId)) {
      // e.g. the message's link button, which Slack reports too
      return new Reply("");
    }
    String value = text(action.get("value"));
    Optional<String> buttonId = IncidentIds.normalize(value);
    if (buttonId.isEmpty()) {
      return new Reply("That button carries no incident id, so nothing was done. Use "
          + SlackMrkdwn.escape(DEFAULT_COMMAND_NAME + " " + (acknowledge ? Verb.ACK : Verb.RESOLVE).usage()) + " instead.");
    }
    String incidentId = buttonId.get();
    String name = user.get("username") != null ? blankToNull(text(user.get("username")))
        : blankToNull(text(user.get("name")));
    Origin origin = new Origin(commandId(text(payload.get("trigger_id")), formBody), new Actor("user", userId, name),
        millis(now));
    return acknowledge ? acknowledged(origin, incidentId) : resolved(origin, incidentId, null);
  }

  private SlackOutcome acknowledged(Origin origin, String incidentId) {
    IncidentCommand command = origin.command(CommandType.ACKNOWLEDGE).setIncidentId(incidentId).build();
    return new SlackOutcome.Command(command, "Acknowledged " + link(incidentId) + " — on it.");
  }

  private SlackOutcome resolved(Origin origin, String incidentId, String reason) {
    IncidentCommand command = origin.command(CommandType.RESOLVE).setIncidentId(incidentId).setMessage(reason).build();
    String reply = "Resolved " + link(incidentId) + (reason == null ? "." : ": " + SlackMrkdwn.escape(reason));
    return new SlackOutcome.Command(command, reply);
  }

  private SlackOutcome statusPosted(Origin origin, SlashRequest.Status status) {
    IncidentCommand command = origin.command(CommandType.POST_UPDATE)
        .setIncidentId(status.incidentId())
        .setPublicStatus(status.status())
        .setMessage(status.message())
        .build();
    String reply = "Posted an update on " + link(status.incidentId()) + " — *" + label(status.status()) + "*: "
        + SlackMrkdwn.escape(status.message());
    return new SlackOutcome.Command(command, reply);
  }

  private SlackOutcome created(Origin origin, SlashRequest.Create create) {
    IncidentCommand command = origin.command(CommandType.CREATE)
        .setTitle(create.title())
        .setSeverity(create.severity())
        .setAffectedComponents(create.components())
        .build();
    StringBuilder reply = new StringBuilder("Opening incident “").append(SlackMrkdwn.escape(create.title())).append('”');
    List<String> details = new ArrayList<>();
    if (create.severity() != null) {
      details.add(create.severity().name());
    }
    if (!create.components().isEmpty()) {
      details.add(create.components().stream().map(SlackMrkdwn::escape).collect(Collectors.joining(", ")));
    }
    if (!details.isEmpty()) {
      reply.append(" (").append(String.join("; ", details)).append(')');
    }
    reply.append(" — its id and message follow shortly.");
    return new SlackOutcome.Command(command, reply.toString());
  }

  private SlackOutcome severitySet(Origin origin, SlashRequest.SetSeverity request) {
    IncidentCommand command = origin.command(CommandType.SET_SEVERITY)
        .setIncidentId(request.incidentId())
        .setSeverity(request.severity())
        .build();
    return new SlackOutcome.Command(command, "Set the severity of " + link(request.incidentId()) + " to *"
        + request.severity().name() + "*.");
  }

  /** @param slackText the command text as Slack sent it, before unescaping */
  private SlackOutcome assigned(Origin origin, SlashRequest.Assign request, String slackText) {
    Actor assignee;
    String whom;
    if (request.assignee() instanceof SlashRequest.Assignee.Mentioned mentioned) {
      // Slack writes its markup with real angle brackets and sends typed ones as &lt; &gt;, so only a name in a
      // real "<@id|" is Slack's; a typed "<@U…|the CEO>" must not put words in the timeline
      boolean fromSlack = slackText.contains("<@" + mentioned.userId() + "|");
      assignee = new Actor("user", mentioned.userId(), fromSlack ? mentioned.name() : null);
      // Slack renders the id as the person's current name; the grammar admits only [UW][0-9A-Z]+ ids
      whom = "<@" + mentioned.userId() + ">";
    } else {
      // a copy: Avro records are mutable, and the actor and the assignee are separate fields
      assignee = Actor.newBuilder(origin.actor()).build();
      whom = "you";
    }
    IncidentCommand command = origin.command(CommandType.ASSIGN)
        .setIncidentId(request.incidentId())
        .setAssignee(assignee)
        .build();
    return new SlackOutcome.Command(command, "Assigned " + link(request.incidentId()) + " to " + whom + ".");
  }

  private SlackOutcome silenced(Origin origin, SlashRequest.Silence request) {
    Instant until = origin.requestedAt().plus(request.duration());
    IncidentCommand command = origin.command(CommandType.SILENCE)
        .setIncidentId(request.incidentId())
        .setUntil(until)
        .setMessage(request.reason())
        .build();
    String reply = "Silenced the alert group of " + link(request.incidentId()) + " for " + compact(request.duration())
        + ", until " + slackDate(until) + (request.reason() == null ? "." : ": " + SlackMrkdwn.escape(request.reason()));
    return new SlackOutcome.Command(command, reply);
  }

  private static String usageError(String commandName, SlashRequest.Invalid invalid) {
    String problems = invalid.problems().stream().map(SlackMrkdwn::escape).collect(Collectors.joining("\n"));
    if (invalid.verb() == null) {
      return problems + "\n" + help(commandName);
    }
    return problems + "\nUsage: `" + SlackMrkdwn.escape(commandName + " " + invalid.verb().usage()) + "`";
  }

  private static String help(String commandName) {
    StringBuilder help = new StringBuilder("*").append(SlackMrkdwn.escape(commandName))
        .append("* acts on Tocsin incidents:");
    for (Verb verb : Verb.values()) {
      help.append("\n• `").append(SlackMrkdwn.escape(commandName + " " + verb.usage())).append("` — ")
          .append(verb.purpose());
    }
    return help.append("\nIncident ids look like " + IncidentIds.EXAMPLE + "; values with spaces go in double quotes.").toString();
  }

  private String link(String incidentId) {
    return incidentUrlBase == null ? incidentId : "<" + incidentUrlBase + "/" + incidentId + "|" + incidentId + ">";
  }

  /** {@code 1d2h30m}, leaving out units that are zero. */
  private static String compact(Duration duration) {
    StringBuilder text = new StringBuilder();
    if (duration.toDaysPart() > 0) {
      text.append(duration.toDaysPart()).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    return text.toString();
  }

  /** {@code instant} in each reader's own time zone, with UTC as the fallback for clients that cannot. */
  private static String slackDate(Instant instant) {
    return "<!date^" + instant.getEpochSecond() + "^{date_short_pretty} {time}|" + UTC_MINUTES.format(instant) + ">";
  }

  private static String label(PublicStatus status) {
    String name = status.name().toLowerCase(Locale.ROOT);
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  /** A body Slack would not send: which of its text it meant cannot be known, so nothing is done. */
  private static SlackOutcome notUtf8(FormBody form) {
    // Slack's field names are plain; any other name is not echoed, so nothing needs escaping.
    String named = form.notUtf8().stream().limit(3)
        .map(field -> PLAIN_FIELD_NAME.matcher(field).matches() ? "\"" + field + "\"" : "a field")
        .collect(Collectors.joining(", "));
    String more = form.notUtf8().size() > 3 ? " and " + (form.notUtf8().size() - 3) + " more" : "";
    return new SlackOutcome.Refused("not_utf8", "Tocsin could not read that request, so nothing was done: "
        + named + more + (form.notUtf8().size() == 1 ? " is" : " are") + " not valid UTF-8.");
  }

  /** {@code "slack:" + trigger_id}; without a usable trigger id, a digest of the body stands in. */
  private static String commandId(String triggerId, byte[] body) {
    if (triggerId != null && TRIGGER_ID.matcher(triggerId).matches()) {
      return ORIGIN + ":" + triggerId;
    }
    try {
      return ORIGIN + ":sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static String required(FormBody form, String field, List<String> problems) {
    String value = form.get(field);
    if (value == null || value.isBlank()) {
      problems.add(field + ": is required");
      return null;
    }
    return value;
  }

  private static String validUrlBase(String base) {
    String trimmed = IncidentLinks.under(base).base().orElseThrow();
    if (trimmed.contains("|") || trimmed.contains("<") || trimmed.contains(">")) {
      throw new IllegalArgumentException("incident URL base must not contain |, < or >, got " + base);
    }
    return trimmed;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? wellFormed(node.textValue()) : null;
  }

  /**
   * {@code text} with each unpaired surrogate (a JSON escape can produce one) replaced by U+FFFD:
   * Avro would write it as {@code ?}, so the command would change on its way through Kafka.
   */
  private static String wellFormed(String text) {
    // Pattern reads code points, so only a surrogate without its partner is in category Cs.
    return LONE_SURROGATE.matcher(text).replaceAll("\uFFFD");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Instant millis(Instant instant) {
    // the record stores milliseconds; truncating keeps a command equal to itself after a round trip
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }


  /** What every command of one request shares: its id, who asked and when. */
  private record Origin(String commandId, Actor actor, Instant requestedAt) {
    IncidentCommand.Builder command(CommandType type) {
      return IncidentCommand.newBuilder()
          .setCommandId(commandId)
          .setType(type)
          .setActor(actor)
          .setRequestedAt(requestedAt)
          .setOrigin(ORIGIN);
    }
  }
}
