package dev.tocsin.incidents.config;

import java.util.List;

/**
 * The engine's configuration cannot be used; {@link #problems()} lists every problem found, each
 * as {@code path: what is wrong}.
 */
public final class InvalidEngineConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The problems, in file order; never empty. Serializable, as {@code List.copyOf} lists are. */
  private final List<String> problems;

  InvalidEngineConfigException(String source, List<String> problems) {
    super("invalid engine configuration in " + source + ":\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming its path, e.g. {@code route.routes[1].matchers[0]: unknown operator in ...}. */
  public List<String> problems() {
    return problems;
  }
}
