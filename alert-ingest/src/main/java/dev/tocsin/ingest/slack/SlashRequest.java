package dev.tocsin.ingest.slack;

import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What the text of an {@code /incident} slash command asks for, or everything wrong with it. */
sealed interface SlashRequest {

  /** {@code help}, or no text at all. */
  record Help() implements SlashRequest {
  }

  /** {@code ack <id>}. */
  record Acknowledge(String incidentId) implements SlashRequest {
  }

  /** {@code resolve <id> [reason…]}; {@code reason} is null when none was given. */
  record Resolve(String incidentId, String reason) implements SlashRequest {
  }

  /** {@code create title:"…" [severity:…] [components:a,b]}; {@code severity} is null when not given. */
  record Create(String title, Severity severity, List<String> components) implements SlashRequest {
    public Create {
      components = List.copyOf(components);
    }
  }

  /** {@code status <id> <public status> <message…>}. */
  record Status(String incidentId, PublicStatus status, String message) implements SlashRequest {
  }

  /** {@code severity <id> <severity>}. */
  record SetSeverity(String incidentId, Severity severity) implements SlashRequest {
  }

  /** {@code assign <id> <@person|me>}. */
  record Assign(String incidentId, Assignee assignee) implements SlashRequest {
  }

  /**
   * {@code silence <id> <duration> [reason…]}: hold back the incident's notifications for
   * {@code duration}, which is positive and at most {@link SlashCommandGrammar#MAX_SILENCE}.
   *
   * @param reason null when none was given
   */
  record Silence(String incidentId, Duration duration, String reason) implements SlashRequest {
    public Silence {
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Who {@code assign} names: the invoking user, whose id only the request knows, or a mentioned user. */
  sealed interface Assignee {
    /** {@code me}. */
    record Invoker() implements Assignee {
    }

    /**
     * A mention, {@code <@U024BE7LH|alice>} or {@code <@U024BE7LH>}.
     *
     * @param userId the Slack user id, {@code U} or {@code W} and upper-case letters and digits
     * @param name the name after {@code |} in the mention, or null when there is none
     */
    record Mentioned(String userId, String name) implements Assignee {
      public Mentioned {
        Objects.requireNonNull(userId, "userId");
      }
    }
  }

  /**
   * The text is not a valid command.
   *
   * @param verb the subcommand whose usage to show, or null when the subcommand itself is unknown
   * @param problems what is wrong, each a sentence of plain (unescaped) text
   */
  record Invalid(Verb verb, List<String> problems) implements SlashRequest {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  /** The subcommands, with their usage after the command name. */
  enum Verb {
    ACK("ack <incident-id>", "acknowledge an incident"),
    RESOLVE("resolve <incident-id> [reason]", "resolve an incident"),
    CREATE("create title:\"<title>\" [severity:<P0-P3 or critical|high|medium|low>] [components:<a,b>]",
        "open an incident by hand"),
    STATUS("status <incident-id> <investigating|identified|monitoring|resolved> <message>",
        "post a status update"),
    SEVERITY("severity <incident-id> <P0-P3 or critical|high|medium|low>", "change an incident's severity"),
    ASSIGN("assign <incident-id> <@person|me>", "make someone the incident's owner"),
    SILENCE("silence <incident-id> <duration, e.g. 30m, 2h, 1d or 1h30m> [reason]",
        "hold back notifications of the incident's alert group, for at most 7 days"),
    HELP("help", "show this help");

    private final String usage;
    private final String purpose;

    Verb(String usage, String purpose) {
      this.usage = usage;
      this.purpose = purpose;
    }

    /** The arguments after the command name, in plain text. */
    String usage() {
      return usage;
    }

    /** What the subcommand does, for the help text. */
    String purpose() {
      return purpose;
    }
  }
}
