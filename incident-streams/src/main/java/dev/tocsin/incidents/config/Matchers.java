package dev.tocsin.incidents.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A conjunction of {@link Matcher}s: all must match, and none matches every label set. Immutable. */
public record Matchers(List<Matcher> matchers) {
  /** No matchers: matches every label set. */
  public static final Matchers EMPTY = new Matchers(List.of());

  public Matchers {
    matchers = List.copyOf(matchers);
  }

  /** The given matchers. */
  public static Matchers of(Matcher... matchers) {
    return new Matchers(List.of(matchers));
  }

  /**
   * Parses a YAML {@code matchers:} list, each line holding one matcher or several separated by
   * commas (as Alertmanager allows).
   *
   * @throws IllegalArgumentException for the first line that does not parse
   */
  public static Matchers parse(List<String> lines) {
    List<Matcher> all = new ArrayList<>();
    for (String line : lines) {
      all.addAll(Matcher.parseList(line));
    }
    return new Matchers(all);
  }

  /** Whether every matcher matches {@code labels}; true when there are none. */
  public boolean matches(Map<String, String> labels) {
    for (Matcher matcher : matchers) {
      if (!matcher.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Whether these matchers match an alert with no labels at all, i.e. would match almost anything. */
  public boolean matchesEmptyLabelSet() {
    return matches(Map.of());
  }

  public boolean isEmpty() {
    return matchers.isEmpty();
  }

  /** Alertmanager's form, e.g. {@code {env="prod",service=~"db|cache"}}; {@code {}} when empty. */
  @Override
  public String toString() {
    return matchers.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
