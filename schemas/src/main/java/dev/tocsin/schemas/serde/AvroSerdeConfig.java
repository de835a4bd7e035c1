package dev.tocsin.schemas.serde;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/** Settings of Tocsin's Avro serdes, under the keys Confluent's serdes use. */
public final class AvroSerdeConfig extends AbstractConfig {
  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
  public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Comma-separated schema registry URLs; mock://<scope> selects an in-process registry.")
      .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
          "Register the writer schema under <topic>-value (or -key) when serializing.")
      .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW,
          "Serialize with the subject's latest registered schema; only when auto.register.schemas=false.")
      .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, "URL", ConfigDef.ValidString.in("URL", "USER_INFO"),
          Importance.LOW, "Where registry basic-auth credentials come from: URL userinfo or basic.auth.user.info.")
      .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "user:password for the registry, used when basic.auth.credentials.source=USER_INFO.");

  public AvroSerdeConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  public String registryUrl() {
    return getString(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public boolean autoRegister() {
    return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION_CONFIG);
  }

  /** The basic-auth user info to send, or null when credentials come from the URL (or none are set). */
  public String basicAuthUserInfo() {
    if (!"USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
      return null;
    }
    Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
    return password == null || password.value().isEmpty() ? null : password.value();
  }
}
