package dev.tocsin.ingest.slack;

import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.util.List;

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
