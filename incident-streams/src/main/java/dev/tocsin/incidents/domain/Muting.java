package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.incidents.config.InhibitRule;
import dev.tocsin.incidents.config.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Silences and inhibition as in Alertmanager, applied to an incident: its notifications are held
 * back when every firing alert (every alert, once none fires) is silenced by an active silence or
 * inhibited by a firing alert of another open incident. Manual incidents have no alerts and are
 * never muted. Thread-safety follows the suppliers'.
 */
public final class Muting implements Mute {
  /** A firing alert of an open incident that may inhibit others. */
  public record Source(String incidentId, Map<String, String> labels) {
  }

  private final Supplier<List<Silence>> silences;
  private final List<InhibitRule> rules;
  private final Supplier<List<Source>> sources;

  /**
   * @param silences every known silence (configured and created), active or not
   * @param rules the inhibit rules
   * @param sources firing alerts of open incidents; asked only when there are rules
   */
  public Muting(Supplier<List<Silence>> silences, List<InhibitRule> rules, Supplier<List<Source>> sources) {
    this.silences = silences;
    this.rules = List.copyOf(rules);
    this.sources = sources;
  }

  @Override
  public Optional<Suppression> check(IncidentState incident, Instant now) {
    List<Map<String, String>> targets = incident.alerts().values().stream().filter(AlertObservation::firing)
        .map(AlertObservation::labels).toList();
    if (targets.isEmpty()) {
      targets = incident.alerts().values().stream().map(AlertObservation::labels).toList();
    }
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    List<Silence> known = silences.get();
    List<Source> inhibitors = null;
    Silence firstSilence = null;
    Source firstInhibitor = null;
    for (Map<String, String> target : targets) {
      Optional<Silence> silence = known.stream().filter(s -> s.mutes(target, now)).findFirst();
      if (silence.isPresent()) {
        firstSilence = firstSilence == null ? silence.get() : firstSilence;
        continue;
      }
      if (rules.isEmpty()) {
        return Optional.empty();
      }
      if (inhibitors == null) {
        inhibitors = sources.get().stream().filter(s -> !s.incidentId().equals(incident.id())).toList();
      }
      Optional<Source> inhibitor = inhibitors.stream()
          .filter(source -> rules.stream().anyMatch(rule -> rule.inhibits(source.labels(), target))).findFirst();
      if (inhibitor.isEmpty()) {
        return Optional.empty();
      }
      firstInhibitor = firstInhibitor == null ? inhibitor.get() : firstInhibitor;
    }
    if (firstSilence != null) {
      return Optional.of(new Suppression(IncidentEventType.SILENCED, "silenced by " + firstSilence.id()
          + (firstSilence.createdBy() == null ? "" : " (" + firstSilence.createdBy()
          + (firstSilence.comment() == null || firstSilence.comment().isBlank() ? "" : ": " + firstSilence.comment())
          + ")") + " until " + firstSilence.endsAt()));
    }
    return Optional.of(new Suppression(IncidentEventType.INHIBITED, "inhibited by " + firstInhibitor.incidentId()
        + " (" + firstInhibitor.labels().getOrDefault("alertname", "alert") + " firing)"));
  }
}
