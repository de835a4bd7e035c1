package dev.tocsin.incidents.domain;

import dev.tocsin.avro.IncidentEventType;
import java.util.Objects;

/** Why an incident's notifications are held back: a silence ({@code SILENCED}) or an inhibit rule ({@code INHIBITED}). */
public record Suppression(IncidentEventType type, String reason) {
  public Suppression {
    if (type != IncidentEventType.SILENCED && type != IncidentEventType.INHIBITED) {
      throw new IllegalArgumentException("a suppression is SILENCED or INHIBITED, not " + type);
    }
    Objects.requireNonNull(reason, "reason");
  }
}
