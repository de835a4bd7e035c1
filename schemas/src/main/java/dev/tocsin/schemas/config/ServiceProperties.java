package dev.tocsin.schemas.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Conventions every Tocsin service shares for its settings: {@code TOCSIN_HTTP_PORT} in the
 * environment is the key {@code http.port}; {@code bootstrap.servers} plus every {@code kafka.*}
 * key (prefix stripped) pass through to the Kafka clients unchanged.
 */
public final class ServiceProperties {
  public static final String ENV_PREFIX = "TOCSIN_";
  public static final String KAFKA_PREFIX = "kafka.";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  private ServiceProperties() {
  }

  /** Settings from environment variables named {@code TOCSIN_<KEY_WITH_UNDERSCORES>}. */
  public static Map<String, Object> fromEnvironment(Map<String, String> env) {
    Map<String, Object> properties = new HashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        properties.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    return properties;
  }

  /** Kafka client properties: {@code bootstrap.servers} and the {@code kafka.*} keys without their prefix. */
  public static Map<String, Object> kafkaClientProperties(Map<String, ?> settings) {
    Map<String, Object> client = new HashMap<>();
    Object bootstrap = settings.get(BOOTSTRAP_SERVERS);
    if (bootstrap != null) {
      client.put(BOOTSTRAP_SERVERS, bootstrap);
    }
    settings.forEach((key, value) -> {
      if (key.startsWith(KAFKA_PREFIX)) {
        client.put(key.substring(KAFKA_PREFIX.length()), value);
      }
    });
    return client;
  }
}
