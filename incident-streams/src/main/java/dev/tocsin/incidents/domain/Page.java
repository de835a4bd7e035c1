package dev.tocsin.incidents.domain;

import java.util.Objects;

/** One delivery the policy asks for: tell {@code receiver} about the timeline entry {@code entry}. */
public record Page(String receiver, TimelineEntry entry) {
  public Page {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(entry, "entry");
  }
}
