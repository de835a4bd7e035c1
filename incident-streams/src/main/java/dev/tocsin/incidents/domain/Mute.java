package dev.tocsin.incidents.domain;

import java.time.Instant;
import java.util.Optional;

/** Decides whether an incident's notifications are suppressed right now (silences, inhibition). */
@FunctionalInterface
public interface Mute {
  /** Never suppresses. */
  Mute NEVER = (incident, now) -> Optional.empty();

  Optional<Suppression> check(IncidentState incident, Instant now);
}
