package dev.tocsin.api;

import dev.tocsin.api.auth.ApiKeys;
import dev.tocsin.api.auth.Scope;
import dev.tocsin.schemas.config.InvalidConfigException;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the incident API, validated at construction with errors that name the key; keys it
 * does not define are accepted and ignored (they belong to Kafka or the other services).
 */
public final class IncidentApiConfig extends AbstractConfig {
  public static final String KEYS_CONFIG = "api.keys";
  public static final String READ_KEYS_CONFIG = "api.read.keys";
  public static final String APPLICATION_ID_CONFIG = "api.application.id";
  public static final String STATE_DIR_CONFIG = "api.state.dir";
  public static final String COMMAND_WAIT_MS_CONFIG = "api.command.wait.ms";
  public static final String MAX_BODY_BYTES_CONFIG = "api.max.body.bytes";
  public static final String CONFIG_FILE_CONFIG = "api.config.file";
  public static final String SESSION_SECRET_CONFIG = "api.session.secret";

  private static final String KEY_FORMAT = "comma-separated name:key pairs, e.g. ci:s3cr3t,oncall-bot:0th3r";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(KEYS_CONFIG, Type.PASSWORD, "", new KeyListValidator(), Importance.HIGH,
          "API keys with every scope (incidents:read and incidents:write), as " + KEY_FORMAT + ". The name is "
              + "the actor on the timeline; several keys may be valid at once, so a key can be rotated. Sent as "
              + "'Authorization: Bearer <key>' or as the password of HTTP Basic auth. The standalone with neither "
              + "this nor api.read.keys generates one key on first start and keeps it in <data.dir>/api-key.")
      .define(READ_KEYS_CONFIG, Type.PASSWORD, "", new KeyListValidator(), Importance.HIGH,
          "API keys with the incidents:read scope only, as " + KEY_FORMAT + ".")
      .define(APPLICATION_ID_CONFIG, Type.STRING, "tocsin-incident-api", new ConfigDef.NonEmptyString(),
          Importance.LOW, "Kafka Streams application id of the read model (it keeps global stores only, so "
              + "instances share it without sharing work: each holds every incident).")
      .define(STATE_DIR_CONFIG, Type.STRING, "/tmp/tocsin-incident-api", new ConfigDef.NonEmptyString(),
          Importance.MEDIUM, "Directory of the read model's state stores (RocksDB); kept across restarts, so a "
              + "restart reads only what was written since.")
      .define(COMMAND_WAIT_MS_CONFIG, Type.INT, 5_000, Range.between(0, 60_000), Importance.LOW,
          "How long a write waits for the engine's change to show in the read model before it is answered 202 "
              + "(accepted; poll the Location) instead of 200/201 with the incident.")
      .define(MAX_BODY_BYTES_CONFIG, Type.INT, 64 * 1024, Range.atLeast(1), Importance.LOW,
          "Largest request body the API accepts, in bytes; larger requests get 413.")
      .define(SESSION_SECRET_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Secret (at least 16 characters) that signs the console's session cookies; every instance behind one "
              + "address needs the same. Empty: a random one per process (logins end with a restart). The "
              + "standalone keeps one in <data.dir>/session-secret.")
      .define(CONFIG_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM,
          "Path of the pipeline's tocsin.yml, of which the API reads slos: (error budgets) and severity.aliases. "
              + "Empty: no objectives, the built-in aliases. The standalone sets it from config.file.");

  public IncidentApiConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  /** Whether any key is configured. */
  public boolean hasKeys() {
    return !getPassword(KEYS_CONFIG).value().isBlank() || !getPassword(READ_KEYS_CONFIG).value().isBlank();
  }

  /** The configured keys; at least one must be. */
  public ApiKeys keys() {
    List<ApiKeys.Key> keys = new ArrayList<>();
    parse(getPassword(KEYS_CONFIG), EnumSet.allOf(Scope.class), keys);
    parse(getPassword(READ_KEYS_CONFIG), EnumSet.of(Scope.READ), keys);
    if (keys.isEmpty()) {
      throw new ConfigException(KEYS_CONFIG, "[hidden]", "at least one API key is required (" + KEYS_CONFIG + " or "
          + READ_KEYS_CONFIG + ")");
    }
    return new ApiKeys(keys);
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String stateDir() {
    return getString(STATE_DIR_CONFIG);
  }

  public Duration commandWait() {
    return Duration.ofMillis(getInt(COMMAND_WAIT_MS_CONFIG));
  }

  public int maxBodyBytes() {
    return getInt(MAX_BODY_BYTES_CONFIG);
  }

  /** The console's session secret: the configured one, or a random one for this process. */
  public byte[] sessionSecret() {
    String configured = getPassword(SESSION_SECRET_CONFIG).value();
    if (configured.isBlank()) {
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      return random;
    }
    if (configured.length() < 16) {
      throw new ConfigException(SESSION_SECRET_CONFIG, "[hidden]", "must be at least 16 characters");
    }
    return configured.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The file's service objectives and severity aliases.
   *
   * @param environment where {@code ${NAME}} references in the file are looked up
   * @throws InvalidConfigException naming every problem
   */
  public ApiFileSettings fileSettings(Map<String, String> environment) {
    String file = getString(CONFIG_FILE_CONFIG).strip();
    if (file.isEmpty()) {
      return ApiFileSettings.none().withStatusPage(dev.tocsin.api.status.StatusPageConfig.DEMO);
    }
    return ApiFileSettings.read(Path.of(file), environment);
  }

  private static void parse(Password value, Set<Scope> scopes, List<ApiKeys.Key> into) {
    for (String entry : value.value().split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      into.add(new ApiKeys.Key(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip(), scopes));
    }
  }

  /** name:key pairs with a non-empty name and key, never echoing a key. */
  private static final class KeyListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return;
      }
      String[] entries = ((Password) value).value().split(",", -1);
      if (entries.length == 1 && entries[0].isBlank()) {
        return;
      }
      for (int i = 0; i < entries.length; i++) {
        String entry = entries[i].strip();
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
          throw new ConfigException(name, value, "entry " + (i + 1) + " of " + entries.length + " is not name:key");
        }
        if (entry.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
          throw new ConfigException(name, value, "entry " + (i + 1) + " contains whitespace or control characters");
        }
      }
    }

    @Override
    public String toString() {
      return KEY_FORMAT;
    }
  }
}
