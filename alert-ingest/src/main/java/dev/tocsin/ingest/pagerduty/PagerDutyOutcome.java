package dev.tocsin.ingest.pagerduty;

import dev.tocsin.avro.IncidentCommand;
import java.util.List;
import java.util.Objects;

/** What a PagerDuty webhook asks of Tocsin: a command to publish, nothing, or a body that is no webhook. */
public sealed interface PagerDutyOutcome {

  /**
   * Publish {@code command}.
   *
   * @param eventId PagerDuty's {@code event.id}, the same on every redelivery
   * @param command the command; its id is {@code "pagerduty:" + eventId}
   */
  record Command(String eventId, IncidentCommand command) implements PagerDutyOutcome {
    public Command {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(command, "command");
    }
  }

  /**
   * A valid webhook Tocsin does not act on; answer 2xx all the same, since PagerDuty disables a
   * subscription after repeated 4xx.
   *
   * @param eventId PagerDuty's {@code event.id}
   * @param reason why, for the log
   */
  record Ignored(String eventId, String reason) implements PagerDutyOutcome {
    public Ignored {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The body is not a PagerDuty v3 webhook.
   *
   * @param problems each as {@code <field path>: <what is wrong>}
   */
  record Malformed(List<String> problems) implements PagerDutyOutcome {
    public Malformed {
      problems = List.copyOf(problems);
    }
  }
}
