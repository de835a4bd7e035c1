package dev.tocsin.notifier.receiver;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * The receivers file cannot be used; {@link #problems()} lists every problem found, each as
 * {@code path: what is wrong}, and none quotes a secret.
 */
public final class InvalidReceiversException extends ConfigException {
  private static final long serialVersionUID = 1L;

  /** The problems, in file order; never empty. */
  private final List<String> problems;

  InvalidReceiversException(String source, List<String> problems) {
    super("invalid receivers in " + source + ":\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, each naming its field path, e.g. {@code receivers[1].name: is required}. */
  public List<String> problems() {
    return problems;
  }
}
