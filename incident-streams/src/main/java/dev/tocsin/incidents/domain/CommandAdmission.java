package dev.tocsin.incidents.domain;

import dev.tocsin.avro.CommandType;
import dev.tocsin.incidents.config.Matcher;
import dev.tocsin.incidents.config.Matchers;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command goes before it meets an incident, decided from the command alone: a CREATE to a
 * group of its own, a silence that names no incident straight to the silences, anything else to
 * the incident it names; or why it is refused. The lookup of the named incident is the caller's;
 * an unknown one is refused with {@link #unknownIncident(String)}. Pure.
 */
public final class CommandAdmission {
  /** Group key prefix of manual incidents; the rest is the CREATE command's id. */
  public static final String MANUAL_GROUP_PREFIX = IncidentIds.MANUAL_GROUP_PREFIX;

  private CommandAdmission() {
  }

  /** What to do with a command. */
  public sealed interface Decision {
  }

  /** A CREATE: its own group, where the lifecycle opens the incident. */
  public record ToNewGroup(String groupKey) implements Decision {
  }

  /** A command for the incident it names, to be looked up. */
  public record ToIncident(String incidentId) implements Decision {
  }

  /** A silence on matchers alone, ready to store. */
  public record Silence(NewSilence silence) implements Decision {
  }

  /** Refused; {@code reason} starts with the field it is about. */
  public record Refused(String reason) implements Decision {
  }

  /** Decides where {@code command}, requested at {@code now}, goes. */
  public static Decision admit(Command command, Instant now) {
    if (command.type() == CommandType.CREATE) {
      return new ToNewGroup(MANUAL_GROUP_PREFIX + command.commandId());
    }
    if (command.incidentId() != null && !command.incidentId().isBlank()) {
      return new ToIncident(command.incidentId());
    }
    if (command.type() != CommandType.SILENCE) {
      return new Refused("incidentId: is required for " + command.type());
    }
    return silence(command, now);
  }

  /** The refusal of a command naming an incident nobody knows. */
  public static Refused unknownIncident(String incidentId) {
    return new Refused("unknown incident " + incidentId);
  }

  private static Decision silence(Command command, Instant now) {
    if (command.matchers().isEmpty()) {
      return new Refused("matchers: a silence without an incident needs matchers");
    }
    if (command.until() == null || !command.until().isAfter(now)) {
      return new Refused("until: a silence needs an end in the future");
    }
    List<String> matchers = new ArrayList<>();
    for (String text : command.matchers()) {
      try {
        matchers.add(Matcher.parse(text).toString());
      } catch (IllegalArgumentException e) {
        return new Refused("matchers: " + e.getMessage());
      }
    }
    if (Matchers.parse(matchers).matchesEmptyLabelSet()) {
      return new Refused("matchers: " + matchers + " match every alert; a silence must match something specific");
    }
    return new Silence(new NewSilence(command.commandId(), matchers, now, command.until(), command.actor(),
        command.message(), null));
  }
}
