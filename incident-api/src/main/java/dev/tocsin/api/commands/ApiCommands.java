package dev.tocsin.api.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tocsin.avro.Actor;
import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentCommand;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an API request body into incident commands, or into every problem with it (paths such as
 * {@code body.severity}). Field names follow the playbooks' curl commands ({@code update_message},
 * {@code affected_components}, {@code resolved}). The engine still decides whether a command
 * applies (an incident already resolved, an acknowledgement twice); this only checks the request.
 */
public final class ApiCommands {
  /** Longest title, message or description accepted, in characters. */
  public static final int MAX_TEXT = 4000;
  private static final Set<String> CREATE_FIELDS = Set.of("title", "description", "severity", "affected_components",
      "impact_description", "classification", "user");
  private static final Set<String> UPDATE_FIELDS = Set.of("update_message", "status", "severity", "assignee",
      "resolved", "affected_components", "impact_description", "user");
  private static final Map<String, PublicStatus> STATUSES = Map.of("investigating", PublicStatus.INVESTIGATING,
      "identified", PublicStatus.IDENTIFIED, "monitoring", PublicStatus.MONITORING, "resolved", PublicStatus.RESOLVED);

  private final SeverityAliases aliases;

  public ApiCommands(SeverityAliases aliases) {
    this.aliases = aliases;
  }

  /** The severity names this API accepts, for query parameters as for bodies. */
  public SeverityAliases aliases() {
    return aliases;
  }

  /** The request's commands, in the order they are to be applied, or its problems. */
  public sealed interface Outcome permits Commands, Invalid {
  }

  public record Commands(List<IncidentCommand> commands) implements Outcome {
  }

  public record Invalid(List<String> problems) implements Outcome {
  }

  /** An action on an incident named in the path ({@code …/acknowledge}, {@code …/notes}, ...). */
  public enum Action {
    ACKNOWLEDGE("acknowledge", CommandType.ACKNOWLEDGE, null),
    RESOLVE("resolve", CommandType.RESOLVE, "reason"),
    NOTE("notes", CommandType.ADD_NOTE, "message"),
    FALSE_POSITIVE("false-positive", CommandType.MARK_FALSE_POSITIVE, "reason"),
    REOPEN("reopen", CommandType.REOPEN, "reason");

    private final String path;
    private final CommandType type;
    private final String textField;

    Action(String path, CommandType type, String textField) {
      this.path = path;
      this.type = type;
      this.textField = textField;
    }

    /** The last path segment that names it. */
    public String path() {
      return path;
    }

    /** The action named by a path segment. */
    public static java.util.Optional<Action> named(String segment) {
      return java.util.Arrays.stream(values()).filter(a -> a.path.equals(segment)).findFirst();
    }
  }

  /**
   * A manual incident (CREATE).
   *
   * @param commandId the command's id; the incident's id follows from it
   * @param caller the API key's name, the actor unless the body names a {@code user}
   */
  public Outcome create(JsonNode body, String commandId, String caller, Instant now) {
    List<String> problems = new ArrayList<>();
    if (!object(body, problems)) {
      return new Invalid(problems);
    }
    unknownFields(body, CREATE_FIELDS, problems);
    String title = text(body, "title", problems);
    if (!body.hasNonNull("title")) {
      problems.add("body.title: is required");
    } else if (title != null && title.isBlank()) {
      problems.add("body.title: must not be empty");
    }
    IncidentCommand.Builder command = base(CommandType.CREATE, commandId, null, body, caller, now, problems)
        .setTitle(title == null ? null : title.strip())
        .setDescription(text(body, "description", problems))
        .setSeverity(severity(body, problems))
        .setAffectedComponents(strings(body, "affected_components", problems))
        .setImpactDescription(text(body, "impact_description", problems))
        .setClassification(text(body, "classification", problems));
    return problems.isEmpty() ? new Commands(List.of(command.build())) : new Invalid(problems);
  }

  /**
   * A change of an incident (PATCH or PUT): any of {@code update_message} (with {@code status}: a
   * status-page update), {@code status}, {@code severity}, {@code assignee},
   * {@code affected_components}, {@code impact_description}, {@code resolved: true}.
   *
   * @param commandIds the id of the i-th command is {@code commandIds.get(i)}; the caller gives a
   *     stable list for an Idempotency-Key
   */
  public Outcome update(String incidentId, JsonNode body, List<String> commandIds, String caller, Instant now) {
    List<String> problems = new ArrayList<>();
    if (!object(body, problems)) {
      return new Invalid(problems);
    }
    unknownFields(body, UPDATE_FIELDS, problems);
    String message = text(body, "update_message", problems);
    PublicStatus status = null;
    String statusText = text(body, "status", problems);
    if (statusText != null) {
      status = STATUSES.get(statusText.strip().toLowerCase(Locale.ROOT));
      if (status == null) {
        problems.add("body.status: '" + clip(statusText) + "' is not one of investigating, identified, monitoring, "
            + "resolved");
      }
    }
    Severity severity = severity(body, problems);
    String assignee = text(body, "assignee", problems);
    boolean resolve = false;
    if (body.has("resolved")) {
      JsonNode resolved = body.get("resolved");
      if (!resolved.isBoolean()) {
        problems.add("body.resolved: must be true or false");
      } else if (!resolved.booleanValue()) {
        problems.add("body.resolved: only true is accepted (reopening is not an update)");
      } else {
        resolve = true;
      }
    }
    if (message != null && message.isBlank()) {
      problems.add("body.update_message: must not be empty");
    }
    List<IncidentCommand.Builder> commands = new ArrayList<>();
    if (severity != null) {
      commands.add(base(CommandType.SET_SEVERITY, null, incidentId, body, caller, now, problems).setSeverity(severity));
    }
    if (assignee != null) {
      if (assignee.isBlank()) {
        problems.add("body.assignee: must not be empty");
      }
      commands.add(base(CommandType.ASSIGN, null, incidentId, body, caller, now, problems)
          .setAssignee(new Actor("user", assignee.strip(), null)));
    }
    List<String> components = body.has("affected_components") ? strings(body, "affected_components", problems)
        : List.of();
    String impact = text(body, "impact_description", problems);
    if (!components.isEmpty() || impact != null) {
      commands.add(base(CommandType.SET_IMPACT, null, incidentId, body, caller, now, problems)
          .setAffectedComponents(components).setImpactDescription(impact == null ? null : impact.strip()));
    } else if (body.has("affected_components") && problems.isEmpty()) {
      problems.add("body.affected_components: must name at least one component");
    }
    if (message != null) {
      commands.add(base(CommandType.POST_UPDATE, null, incidentId, body, caller, now, problems)
          .setMessage(message.strip()).setPublicStatus(status));
    } else if (status != null) {
      commands.add(base(CommandType.SET_STATUS, null, incidentId, body, caller, now, problems).setPublicStatus(status));
    }
    if (resolve && status != PublicStatus.RESOLVED) {
      commands.add(base(CommandType.RESOLVE, null, incidentId, body, caller, now, problems));
    }
    if (commands.isEmpty() && problems.isEmpty()) {
      problems.add("body: names no change (expected any of update_message, status, severity, assignee, resolved, "
          + "affected_components, impact_description)");
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    List<IncidentCommand> built = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      built.add(commands.get(i).setCommandId(commandIds.get(i)).build());
    }
    return new Commands(built);
  }

  /** Most commands one update may turn into (severity, assignee, impact, update or status, resolve). */
  public static final int MAX_COMMANDS_PER_UPDATE = 5;

  /**
   * An action named in the path. The body is optional but for a note: {@code message} (required
   * for a note), {@code reason} for a resolve, a false positive or a reopen, and {@code user}.
   */
  public Outcome action(Action action, String incidentId, JsonNode body, String commandId, String caller,
      Instant now) {
    List<String> problems = new ArrayList<>();
    if (body != null && !object(body, problems)) {
      return new Invalid(problems);
    }
    if (body != null) {
      unknownFields(body, action.textField == null ? Set.of("user") : Set.of(action.textField, "user"), problems);
    }
    IncidentCommand.Builder command = base(action.type, commandId, incidentId, body, caller, now, problems);
    String text = body == null || action.textField == null ? null : text(body, action.textField, problems);
    if (action == Action.NOTE && (text == null || text.isBlank()) && problems.isEmpty()) {
      problems.add("body.message: is required (the note's text)");
    }
    command.setMessage(text == null ? null : text.strip());
    return problems.isEmpty() ? new Commands(List.of(command.build())) : new Invalid(problems);
  }

  private IncidentCommand.Builder base(CommandType type, String commandId, String incidentId, JsonNode body,
      String caller, Instant now, List<String> problems) {
    String user = body == null ? null : text(body, "user", problems);
    Actor actor = user == null || user.isBlank() ? new Actor("integration", "api:" + caller, caller)
        : new Actor("user", user.strip(), user.strip() + " (API key " + caller + ")");
    return IncidentCommand.newBuilder()
        .setCommandId(commandId == null ? "" : commandId)
        .setType(type)
        .setIncidentId(incidentId)
        .setActor(actor)
        .setRequestedAt(now)
        .setOrigin("api");
  }

  private Severity severity(JsonNode body, List<String> problems) {
    String text = text(body, "severity", problems);
    if (text == null) {
      return null;
    }
    return aliases.parse(text).orElseGet(() -> {
      problems.add("body.severity: '" + clip(text) + "' is not a severity (P0-P3, critical, high, medium, low, "
          + "SEV-1..SEV-4 or a configured alias)");
      return null;
    });
  }

  private static boolean object(JsonNode body, List<String> problems) {
    if (body == null || !body.isObject()) {
      problems.add("body: must be a JSON object");
      return false;
    }
    return true;
  }

  private static void unknownFields(JsonNode body, Set<String> allowed, List<String> problems) {
    body.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        problems.add("body." + clip(name) + ": unknown field (expected one of "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    });
  }

  private static String text(JsonNode body, String field, List<String> problems) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      String problem = "body." + field + ": must be a string";
      if (!problems.contains(problem)) {
        problems.add(problem);
      }
      return null;
    }
    String text = node.textValue();
    if (text.length() > MAX_TEXT) {
      problems.add("body." + field + ": longer than " + MAX_TEXT + " characters");
      return null;
    }
    return text;
  }

  private static List<String> strings(JsonNode body, String field, List<String> problems) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add("body." + field + ": must be an array of strings");
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual() || item.textValue().isBlank()) {
        problems.add("body." + field + "[" + i + "]: must be a non-empty string");
      } else {
        values.add(item.textValue().strip());
      }
    }
    return values;
  }

  private static String clip(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
  }
}
