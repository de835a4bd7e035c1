package dev.tocsin.ingest.slack;

import dev.tocsin.avro.IncidentCommand;
import java.util.List;
import java.util.Objects;

/**
 * What a Slack request asks of Tocsin: a command to publish, a reply only, a refusal, or a body
 * that is no Slack request.
 */
public sealed interface SlackOutcome {

  /**
   * Publish {@code command}, then answer the user ephemerally with {@code replyText}.
   *
   * @param command the command for {@code tocsin.incident-commands.v1}
   * @param replyText Slack mrkdwn, user input in it already escaped
   */
  record Command(IncidentCommand command, String replyText) implements SlackOutcome {
    public Command {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(replyText, "replyText");
    }
  }

  /**
   * Nothing to publish: help, or a usage error saying what was wrong.
   *
   * @param replyText Slack mrkdwn, user input in it already escaped; empty when there is nothing to
   *     say (a click on a button Tocsin does not act on), answered with an empty 200
   */
  record Reply(String replyText) implements SlackOutcome {
    public Reply {
      Objects.requireNonNull(replyText, "replyText");
    }
  }

  /**
   * A request Tocsin will not act on, refused with an ephemeral reply (Slack shows any answer but a
   * 200 as a bare failure) and counted as a rejection.
   *
   * @param reason why, as a fixed token for the rejection metric, e.g. {@code not_utf8}
   * @param replyText Slack mrkdwn, user input in it already escaped
   */
  record Refused(String reason, String replyText) implements SlackOutcome {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(replyText, "replyText");
    }
  }

  /**
   * The body is not a valid Slack request at all (answered with 400).
   *
   * @param problems each as {@code <field>: <what is wrong>}
   */
  record Malformed(List<String> problems) implements SlackOutcome {
    public Malformed {
      problems = List.copyOf(problems);
    }
  }
}
