package dev.tocsin.ingest;

import dev.tocsin.ingest.domain.AlertLimits;
import dev.tocsin.schemas.config.ConfigTree;
import dev.tocsin.schemas.config.InvalidConfigException;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the alert-ingest service, validated at construction with errors that name the key;
 * keys it does not define (Kafka client and schema registry settings) are accepted and ignored.
 */
public final class IngestConfig extends AbstractConfig {
  public static final String HTTP_HOST_CONFIG = "http.host";
  public static final String HTTP_PORT_CONFIG = "http.port";
  public static final String INGEST_TOKENS_CONFIG = "ingest.tokens";
  public static final String MAX_BODY_BYTES_CONFIG = "max.body.bytes";
  public static final String MAX_ALERTS_PER_REQUEST_CONFIG = "max.alerts.per.request";
  public static final String PRODUCE_TIMEOUT_MS_CONFIG = "produce.timeout.ms";
  public static final String MAX_LABELS_PER_ALERT_CONFIG = "max.labels.per.alert";
  public static final String MAX_LABEL_NAME_LENGTH_CONFIG = "max.label.name.length";
  public static final String MAX_LABEL_VALUE_LENGTH_CONFIG = "max.label.value.length";
  public static final String CLOUD_MONITORING_TOKENS_CONFIG = "cloudmonitoring.tokens";
  public static final String CLOUD_MONITORING_BASIC_AUTH_CONFIG = "cloudmonitoring.basic.auth";
  public static final String SLACK_SIGNING_SECRETS_CONFIG = "slack.signing.secrets";
  public static final String PAGERDUTY_WEBHOOK_SECRETS_CONFIG = "pagerduty.webhook.secrets";
  public static final String INCIDENT_URL_BASE_CONFIG = IncidentLinks.BASE_CONFIG;
  public static final String CONFIG_FILE_CONFIG = "ingest.config.file";
  public static final String DISK_GUARD_DIR_CONFIG = "ingest.disk.guard.dir";
  public static final String DISK_MIN_FREE_BYTES_CONFIG = "ingest.disk.min.free.bytes";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(HTTP_HOST_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          "Interface the HTTP server binds to.")
      .define(HTTP_PORT_CONFIG, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
          "Port the HTTP server listens on; 0 picks a free port.")
      .define(INGEST_TOKENS_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new TokenListValidator(),
          Importance.HIGH, "Comma-separated bearer tokens accepted in 'Authorization: Bearer <token>'. "
              + "Several may be valid at once, so a token can be rotated without downtime.")
      .define(MAX_BODY_BYTES_CONFIG, Type.INT, 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
          "Largest request body accepted, in bytes; larger requests get 413.")
      .define(MAX_ALERTS_PER_REQUEST_CONFIG, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
          "Most alerts accepted in one webhook request; more get 400.")
      .define(PRODUCE_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.atLeast(500), Importance.MEDIUM,
          "How long the producer may wait for cluster metadata (max.block.ms) and for Kafka to acknowledge a "
              + "record (delivery.timeout.ms) before the request is answered with 503.")
      .define(MAX_LABELS_PER_ALERT_CONFIG, Type.INT, AlertLimits.DEFAULT.maxLabels(), Range.atLeast(1),
          Importance.LOW, "Most labels, and most annotations, one alert may carry; more get 400.")
      .define(MAX_LABEL_NAME_LENGTH_CONFIG, Type.INT, AlertLimits.DEFAULT.maxKeyLength(), Range.atLeast(1),
          Importance.LOW, "Longest label or annotation name accepted, in characters.")
      .define(MAX_LABEL_VALUE_LENGTH_CONFIG, Type.INT, AlertLimits.DEFAULT.maxValueLength(), Range.atLeast(1),
          Importance.LOW, "Longest label or annotation value accepted, in characters.")
      .define(CLOUD_MONITORING_TOKENS_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Comma-separated tokens Google Cloud Monitoring may send as ?token=... in the webhook URL (it cannot "
              + "send headers). Empty, together with cloudmonitoring.basic.auth, disables the endpoint.")
      .define(CLOUD_MONITORING_BASIC_AUTH_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Comma-separated user:password pairs Cloud Monitoring may send with HTTP Basic auth.")
      .define(SLACK_SIGNING_SECRETS_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Comma-separated Slack app signing secrets (several during a rotation); empty disables the Slack "
              + "endpoints.")
      .define(PAGERDUTY_WEBHOOK_SECRETS_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Comma-separated PagerDuty webhook subscription secrets (several during a rotation); empty disables "
              + "the PagerDuty endpoint.")
      .define(INCIDENT_URL_BASE_CONFIG, Type.STRING, "", IncidentLinks.validator(), Importance.MEDIUM,
          IncidentLinks.BASE_DOC)
      .define(DISK_GUARD_DIR_CONFIG, Type.STRING, "", Importance.LOW,
          "A directory on the disk Kafka writes to (the standalone sets its data directory): while less than "
              + DISK_MIN_FREE_BYTES_CONFIG + " is free there, alerts are refused with 503 and ingest is not ready, "
              + "so a full disk stops intake instead of halting the broker. Empty: no check.")
      .define(DISK_MIN_FREE_BYTES_CONFIG, Type.LONG, 256L * 1024 * 1024, Range.atLeast(0), Importance.LOW,
          "Bytes that must stay free in " + DISK_GUARD_DIR_CONFIG + " for alerts to be accepted.")
      .define(CONFIG_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM,
          "Path of the pipeline's tocsin.yml, of which ingest reads severity.aliases, so that Slack's /incident "
              + "severity accepts the aliases the engine maps. Empty: the built-in aliases.");

  public IngestConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  public int httpPort() {
    return getInt(HTTP_PORT_CONFIG);
  }

  /** The accepted bearer tokens, in configured order. */
  public List<Password> tokens() {
    return splitTokens(getPassword(INGEST_TOKENS_CONFIG).value()).stream().map(Password::new).toList();
  }

  public int maxBodyBytes() {
    return getInt(MAX_BODY_BYTES_CONFIG);
  }

  public int maxAlertsPerRequest() {
    return getInt(MAX_ALERTS_PER_REQUEST_CONFIG);
  }

  /** The bounds each alert source enforces. */
  public AlertLimits alertLimits() {
    return new AlertLimits(getInt(MAX_ALERTS_PER_REQUEST_CONFIG), getInt(MAX_LABELS_PER_ALERT_CONFIG),
        getInt(MAX_LABEL_NAME_LENGTH_CONFIG), getInt(MAX_LABEL_VALUE_LENGTH_CONFIG));
  }

  /** Cloud Monitoring's accepted URL tokens; empty when none are configured. */
  public List<String> cloudMonitoringTokens() {
    return secrets(CLOUD_MONITORING_TOKENS_CONFIG);
  }

  /** Cloud Monitoring's accepted {@code user:password} pairs. */
  public List<String> cloudMonitoringBasicAuth() {
    return secrets(CLOUD_MONITORING_BASIC_AUTH_CONFIG);
  }

  public List<String> slackSigningSecrets() {
    return secrets(SLACK_SIGNING_SECRETS_CONFIG);
  }

  public List<String> pagerDutyWebhookSecrets() {
    return secrets(PAGERDUTY_WEBHOOK_SECRETS_CONFIG);
  }

  /** The directory whose disk must keep {@link #diskMinFreeBytes()} free, or null when not checked. */
  public java.nio.file.Path diskGuardDir() {
    String dir = getString(DISK_GUARD_DIR_CONFIG);
    return dir.isBlank() ? null : java.nio.file.Path.of(dir);
  }

  public long diskMinFreeBytes() {
    return getLong(DISK_MIN_FREE_BYTES_CONFIG);
  }

  /** Base URL of incident pages, or null. */
  public String incidentUrlBase() {
    String base = getString(INCIDENT_URL_BASE_CONFIG);
    return base.isBlank() ? null : base;
  }

  /**
   * The severity aliases people may type: the built-in table with {@code severity.aliases} of
   * {@value #CONFIG_FILE_CONFIG} over it.
   *
   * @param environment where {@code ${NAME}} references in the file are looked up
   * @throws InvalidConfigException naming every problem of the file's aliases
   */
  public SeverityAliases severityAliases(Map<String, String> environment) {
    String file = getString(CONFIG_FILE_CONFIG).strip();
    if (file.isEmpty()) {
      return SeverityAliases.defaults();
    }
    ConfigTree tree = new ConfigTree(environment);
    SeverityAliases aliases = tree.readYaml(Path.of(file)).map(tree::severityAliasesOf)
        .orElse(SeverityAliases.defaults());
    if (tree.problemCount() > 0) {
      throw new InvalidConfigException("severity aliases", file, tree.problems());
    }
    return aliases;
  }

  private List<String> secrets(String key) {
    return splitTokens(getPassword(key).value()).stream().filter(t -> !t.isEmpty()).toList();
  }

  public Duration produceTimeout() {
    return Duration.ofMillis(getInt(PRODUCE_TIMEOUT_MS_CONFIG));
  }

  private static List<String> splitTokens(String value) {
    List<String> tokens = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      tokens.add(part.trim());
    }
    return tokens;
  }

  /** Rejects an empty token list, empty entries and tokens with whitespace, never echoing a token. */
  private static final class TokenListValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        throw new ConfigException(name, null, "at least one token is required");
      }
      String raw = ((Password) value).value();
      if (raw.isBlank()) {
        throw new ConfigException(name, value, "at least one token is required");
      }
      List<String> tokens = splitTokens(raw);
      for (int i = 0; i < tokens.size(); i++) {
        String token = tokens.get(i);
        if (token.isEmpty()) {
          throw new ConfigException(name, value, "token " + (i + 1) + " of " + tokens.size() + " is empty");
        }
        if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
          throw new ConfigException(name, value, "token " + (i + 1) + " contains whitespace or control characters");
        }
      }
    }

    @Override
    public String toString() {
      return "comma-separated non-empty tokens";
    }
  }
}
