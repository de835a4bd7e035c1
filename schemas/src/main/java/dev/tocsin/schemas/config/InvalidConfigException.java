package dev.tocsin.schemas.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * A configuration file cannot be used; {@link #problems()} lists every problem found, each as
 * {@code path: what is wrong}, and none quotes a secret. The base of every YAML reader's failure,
 * so a service's {@code main} reports them all alike.
 */
public class InvalidConfigException extends ConfigException {
  private static final long serialVersionUID = 1L;

  /** The problems, in file order; never empty. Serializable, as {@code List.copyOf} lists are. */
  private final List<String> problems;

  /**
   * @param what what was invalid, e.g. {@code "receivers"}, for the message {@code invalid <what> in <source>}
   * @param source the file or text the problems were found in
   */
  public InvalidConfigException(String what, String source, List<String> problems) {
    super("invalid " + what + " in " + source + ":\n  " + String.join("\n  ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming its path, e.g. {@code receivers[1].name: is required}. */
  public List<String> problems() {
    return problems;
  }
}
