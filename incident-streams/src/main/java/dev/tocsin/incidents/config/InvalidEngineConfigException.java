package dev.tocsin.incidents.config;

import dev.tocsin.schemas.config.InvalidConfigException;
import java.util.List;

/**
 * The engine's configuration cannot be used; {@link #problems()} lists every problem found, each
 * as {@code path: what is wrong}, e.g. {@code route.routes[1].matchers[0]: unknown operator in ...}.
 */
public final class InvalidEngineConfigException extends InvalidConfigException {
  private static final long serialVersionUID = 1L;

  InvalidEngineConfigException(String source, List<String> problems) {
    super("engine configuration", source, problems);
  }
}
