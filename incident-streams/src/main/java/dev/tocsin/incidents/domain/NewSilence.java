package dev.tocsin.incidents.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence a command asked for, ready to be stored: matchers in Alertmanager syntax, its window,
 * who and why. {@code comment} and {@code incidentId} may be null.
 */
public record NewSilence(String id, List<String> matchers, Instant startsAt, Instant endsAt, Person createdBy,
    String comment, String incidentId) {
  public NewSilence {
    Objects.requireNonNull(id, "id");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(createdBy, "createdBy");
  }
}
