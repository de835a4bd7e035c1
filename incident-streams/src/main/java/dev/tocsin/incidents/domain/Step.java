package dev.tocsin.incidents.domain;

import java.util.List;

/**
 * What the engine does after an input: the incident's new state, the timeline entries to publish
 * (in order) and the deliveries to request.
 */
public record Step(IncidentState incident, List<TimelineEntry> events, List<Page> pages) {
  public Step {
    events = List.copyOf(events);
    pages = List.copyOf(pages);
  }
}
