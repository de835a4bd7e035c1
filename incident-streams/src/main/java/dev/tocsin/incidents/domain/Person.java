package dev.tocsin.incidents.domain;

import java.util.Objects;

/**
 * Who did something on an incident: a person ({@code user}), an integration or Tocsin itself
 * ({@code system}). {@code name} may be null.
 */
public record Person(String kind, String id, String name) {
  /** The engine itself, for what timers and alerts cause. */
  public static final Person ENGINE = new Person("system", "incident-streams", null);

  public Person {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  /** The name if known, else the id. */
  public String display() {
    return name == null || name.isBlank() ? id : name;
  }
}
