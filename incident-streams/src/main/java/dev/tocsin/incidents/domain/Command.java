package dev.tocsin.incidents.domain;

import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A human's (or an integration's) request against an incident, as the engine sees it. Fields a
 * command type does not use are null or empty.
 */
public record Command(
    String commandId,
    CommandType type,
    String incidentId,
    Person actor,
    Instant requestedAt,
    String message,
    PublicStatus publicStatus,
    Severity severity,
    String title,
    String description,
    List<String> affectedComponents,
    String impactDescription,
    Person assignee,
    List<String> matchers,
    Instant until,
    String origin,
    String classification) {

  public Command {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    affectedComponents = List.copyOf(affectedComponents);
    matchers = List.copyOf(matchers);
  }

  /** A command without a classification (every type but CREATE). */
  public Command(String commandId, CommandType type, String incidentId, Person actor, Instant requestedAt,
      String message, PublicStatus publicStatus, Severity severity, String title, String description,
      List<String> affectedComponents, String impactDescription, Person assignee, List<String> matchers,
      Instant until, String origin) {
    this(commandId, type, incidentId, actor, requestedAt, message, publicStatus, severity, title, description,
        affectedComponents, impactDescription, assignee, matchers, until, origin, null);
  }
}
