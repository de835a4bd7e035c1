package dev.tocsin.notifier.receiver;

import dev.tocsin.schemas.config.InvalidConfigException;
import java.util.List;

/**
 * The receivers file cannot be used; {@link #problems()} lists every problem found, each as
 * {@code path: what is wrong}, e.g. {@code receivers[1].name: is required}, and none quotes a secret.
 */
public final class InvalidReceiversException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  InvalidReceiversException(String source, List<String> problems) {
    super("receivers", source, problems);
  }
}
