package dev.tocsin.notifier.receiver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The receivers {@code tocsin.yml} defines, in file order, with unique names. Immutable. */
public record Receivers(List<Receiver> receivers) {
  public Receivers {
    receivers = List.copyOf(receivers);
    if (receivers.stream().map(Receiver::name).distinct().count() != receivers.size()) {
      throw new IllegalArgumentException("receiver names must be unique");
    }
  }

  /** The receiver called {@code name}, if there is one. */
  public Optional<Receiver> find(String name) {
    Objects.requireNonNull(name, "name");
    return receivers.stream().filter(receiver -> receiver.name().equals(name)).findFirst();
  }
}
