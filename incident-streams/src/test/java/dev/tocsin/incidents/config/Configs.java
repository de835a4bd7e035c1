package dev.tocsin.incidents.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Shorthands for tests of the engine's configuration. */
final class Configs {
  /** What the service passes when its properties say nothing: receiver "default", one incident per (alertname, service). */
  static final EngineConfig DEFAULTS =
      EngineConfig.defaults(List.of("default"), List.of("alertname", "service"), Duration.ofMinutes(5));

  private Configs() {
  }

  static EngineConfig parse(String yaml) {
    return EngineConfigFile.parse(yaml, "test.yml", Map.of(), DEFAULTS);
  }

  static EngineConfig parse(String yaml, Map<String, String> environment) {
    return EngineConfigFile.parse(yaml, "test.yml", environment, DEFAULTS);
  }

  static List<String> problems(String yaml) {
    try {
      parse(yaml);
    } catch (InvalidEngineConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems in\n" + yaml);
  }
}
