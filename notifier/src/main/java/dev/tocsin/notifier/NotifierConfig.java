package dev.tocsin.notifier;

import dev.tocsin.notifier.delivery.RetrySchedule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The notifier's service settings, declared and documented once in {@link #CONFIG} and validated
 * on construction; keys it does not know (Kafka and serde settings) are ignored. Immutable.
 */
public final class NotifierConfig extends AbstractConfig {
  public static final String GROUP_ID_CONFIG = "notifier.group.id";
  private static final String GROUP_ID_DOC = "Kafka consumer group of the notifier instances; "
      + "instances in one group share the notifications topic's partitions.";

  public static final String WEBHOOK_URL_CONFIG = "webhook.url";
  public static final String WEBHOOK_SIGNING_SECRET_CONFIG = "webhook.signing.secret";
  private static final String WEBHOOK_URL_DOC = "URL every notification is POSTed to as JSON; empty for no "
      + "webhook. Treated as a secret (it often embeds a token): set it from the environment "
      + "(TOCSIN_WEBHOOK_URL); it is never logged.";

  public static final String WEBHOOK_TIMEOUT_MS_CONFIG = "webhook.timeout.ms";
  private static final String WEBHOOK_TIMEOUT_MS_DOC = "How long one webhook attempt may take to connect, and "
      + "then to answer, before it counts as a retryable failure.";

  public static final String RETRY_MAX_ATTEMPTS_CONFIG = "retry.max.attempts";
  private static final String RETRY_MAX_ATTEMPTS_DOC = "Delivery attempts per notification and channel, "
      + "including the first, before it is dead-lettered.";

  public static final String RETRY_INITIAL_BACKOFF_MS_CONFIG = "retry.initial.backoff.ms";
  private static final String RETRY_INITIAL_BACKOFF_MS_DOC = "Backoff before the first retry; it doubles with "
      + "each further retry, with random jitter of up to half.";

  public static final String RETRY_MAX_BACKOFF_MS_CONFIG = "retry.max.backoff.ms";
  private static final String RETRY_MAX_BACKOFF_MS_DOC = "Longest wait between two attempts, also the cap on "
      + "a receiver's Retry-After. Must be at least " + RETRY_INITIAL_BACKOFF_MS_CONFIG + ".";

  public static final String RECEIVERS_FILE_CONFIG = "notifier.receivers.file";
  private static final String RECEIVERS_FILE_DOC = "Path of a tocsin.yml whose receivers: section names the "
      + "receivers and their integrations (webhook_configs, slack_configs, pagerduty_configs, email_configs), as "
      + "in Alertmanager; other sections are ignored. Each notification then goes to its receiver's integrations "
      + "and the log, each attempt limited by " + WEBHOOK_TIMEOUT_MS_CONFIG + ", and " + WEBHOOK_URL_CONFIG
      + " is not used. Empty: every notification goes to the log and "
      + WEBHOOK_URL_CONFIG + ", whatever its receiver. Secrets in the file come from ${NAME} environment "
      + "references or *_file files; the notifier jar's examples/tocsin.yml documents the format.";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(GROUP_ID_CONFIG, Type.STRING, "tocsin-notifier", new ConfigDef.NonEmptyString(), Importance.HIGH,
          GROUP_ID_DOC)
      .define(WEBHOOK_URL_CONFIG, Type.PASSWORD, "", new HttpUrl(), Importance.HIGH, WEBHOOK_URL_DOC)
      .define(WEBHOOK_SIGNING_SECRET_CONFIG, Type.PASSWORD, "", Importance.MEDIUM,
          "Secret that signs every request to webhook.url: X-Tocsin-Timestamp (Unix seconds) and "
              + "X-Tocsin-Signature = v1=hex(HMAC-SHA256(secret, \"v1:\" + timestamp + \":\" + body)); empty sends "
              + "unsigned requests. Receivers' webhook_configs take signing_secret or signing_secret_file.")
      .define(WEBHOOK_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(1), Importance.MEDIUM,
          WEBHOOK_TIMEOUT_MS_DOC)
      .define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM, RETRY_MAX_ATTEMPTS_DOC)
      .define(RETRY_INITIAL_BACKOFF_MS_CONFIG, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
          RETRY_INITIAL_BACKOFF_MS_DOC)
      .define(RETRY_MAX_BACKOFF_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
          RETRY_MAX_BACKOFF_MS_DOC)
      .define(RECEIVERS_FILE_CONFIG, Type.STRING, "", Importance.HIGH, RECEIVERS_FILE_DOC);

  /**
   * Parses and validates {@code originals}.
   *
   * @throws ConfigException naming the first invalid field and why
   */
  public NotifierConfig(Map<?, ?> originals) {
    super(CONFIG, originals, true);
    long initial = getLong(RETRY_INITIAL_BACKOFF_MS_CONFIG);
    long max = getLong(RETRY_MAX_BACKOFF_MS_CONFIG);
    if (max < initial) {
      throw new ConfigException(RETRY_MAX_BACKOFF_MS_CONFIG, max,
          "must be at least " + RETRY_INITIAL_BACKOFF_MS_CONFIG + " (" + initial + ")");
    }
  }

  /** Consumer group id. */
  public String groupId() {
    return getString(GROUP_ID_CONFIG);
  }

  /** The webhook to post to, if one is configured. The value is a secret: do not log it. */
  public Optional<URI> webhookUrl() {
    Password password = getPassword(WEBHOOK_URL_CONFIG);
    String value = password == null ? "" : password.value().trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(URI.create(value));
  }

  /** The secret signing requests to {@code webhook.url}, or null for unsigned requests. */
  public Password webhookSigningSecret() {
    Password secret = getPassword(WEBHOOK_SIGNING_SECRET_CONFIG);
    return secret == null || secret.value().isEmpty() ? null : secret;
  }

  /** The receivers file, if one is configured. */
  public Optional<Path> receiversFile() {
    String value = getString(RECEIVERS_FILE_CONFIG).strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /** Timeout of one webhook attempt. */
  public Duration webhookTimeout() {
    return Duration.ofMillis(getLong(WEBHOOK_TIMEOUT_MS_CONFIG));
  }

  /** Retry budget and backoff shared by every channel. */
  public RetrySchedule retrySchedule() {
    return new RetrySchedule(getInt(RETRY_MAX_ATTEMPTS_CONFIG),
        Duration.ofMillis(getLong(RETRY_INITIAL_BACKOFF_MS_CONFIG)),
        Duration.ofMillis(getLong(RETRY_MAX_BACKOFF_MS_CONFIG)));
  }

  /** Accepts an empty value or an absolute http(s) URL with a host; errors never echo the value. */
  static final class HttpUrl implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return;
      }
      // Pass the Password itself to ConfigException: it prints as [hidden].
      String url = ((Password) value).value().trim();
      if (url.isEmpty()) {
        return;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new ConfigException(name, value, "is not a valid URL");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new ConfigException(name, value, "must be an http:// or https:// URL");
      }
      if (uri.getHost() == null) {
        throw new ConfigException(name, value, "must name a host");
      }
    }

    @Override
    public String toString() {
      return "empty, or an http(s) URL";
    }
  }
}
