package dev.tocsin.notifier;

import dev.tocsin.notifier.channel.EmailChannel;
import dev.tocsin.notifier.channel.LogChannel;
import dev.tocsin.notifier.channel.PagerDutyChannel;
import dev.tocsin.notifier.channel.SlackApiChannel;
import dev.tocsin.notifier.channel.SlackWebhookChannel;
import dev.tocsin.notifier.channel.WebhookChannel;
import dev.tocsin.notifier.delivery.RateLimits;
import dev.tocsin.notifier.delivery.RetrySchedule;
import dev.tocsin.schemas.vocabulary.HttpUrls;
import dev.tocsin.schemas.vocabulary.IncidentLinks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
      + "(the service log for a receiver with none), each attempt limited by " + WEBHOOK_TIMEOUT_MS_CONFIG + ", and "
      + WEBHOOK_URL_CONFIG + " is not used. Empty: every notification goes to " + WEBHOOK_URL_CONFIG
      + ", or to the service log when that is not set, whatever its receiver. Secrets in the file come from ${NAME} environment "
      + "references or *_file files; the notifier jar's examples/tocsin.yml documents the format.";

  public static final String LANE_QUEUE_CAPACITY_CONFIG = "notifier.lane.queue.capacity";
  private static final String LANE_QUEUE_CAPACITY_DOC = "Notifications that may wait in one delivery lane. Each "
      + "integration of each receiver (one Slack channel, one PagerDuty routing key) has its own lane and threads, so "
      + "a slow or rate-limited one never delays another; when a lane is full, the notifier stops fetching the "
      + "partitions feeding it (the consumer keeps polling) until it has room again.";

  public static final String LANE_CONCURRENCY_CONFIG = "notifier.lane.concurrency";
  private static final String LANE_CONCURRENCY_DOC = "Deliveries one lane has in flight at once, each on a thread "
      + "of its own. One incident's notifications always go one at a time, in order; different incidents' go in "
      + "parallel, so one slow answer does not hold up every other incident of a busy target. The lane's rate "
      + "limit applies to all of them together.";

  public static final String RATE_LIMIT_SLACK_CONFIG = "notifier.rate.limit.slack.per.minute";
  public static final String RATE_LIMIT_PAGERDUTY_CONFIG = "notifier.rate.limit.pagerduty.per.minute";
  public static final String RATE_LIMIT_WEBHOOK_CONFIG = "notifier.rate.limit.webhook.per.minute";
  public static final String RATE_LIMIT_EMAIL_CONFIG = "notifier.rate.limit.email.per.minute";
  private static final String RATE_LIMIT_DOC = " delivery attempts per minute to one %s, spread evenly; 0 for no "
      + "limit. Beyond it notifications wait in their lane (a wait is not a failure and costs no retry).";

  public static final String GROUP_INSTANCE_ID_CONFIG = "notifier.group.instance.id";
  private static final String GROUP_INSTANCE_ID_DOC = "This notifier instance's stable name in its consumer group "
      + "(static membership): a restarted notifier with the same name takes its partitions back at once instead of "
      + "after the dead member's session (10 s). Unique per instance; Kafka fences an older instance holding the "
      + "same name. Empty: no static membership (the standalone generates one and keeps it in data.dir).";

  public static final String DEDUP_LOOKBACK_MS_CONFIG = "notifier.dedup.lookback.ms";
  private static final String DEDUP_LOOKBACK_MS_DOC = "How far back the notifier reads its own delivery results "
      + "(tocsin.notification-results.v1, those this consumer group wrote) at start-up and when it is assigned "
      + "partitions, so a notification delivered or suppressed within that time is not sent again after a restart "
      + "or rebalance; channels that keep state (ResultAware) rebuild it from the same results. 0 turns this off.";

  public static final String DEDUP_CAPACITY_CONFIG = "notifier.dedup.capacity";
  private static final String DEDUP_CAPACITY_DOC = "Most (notification, integration) deliveries remembered; the "
      + "oldest are forgotten first. Should exceed the deliveries of one " + DEDUP_LOOKBACK_MS_CONFIG + ".";

  public static final String REVOKE_TIMEOUT_MS_CONFIG = "notifier.revoke.timeout.ms";
  private static final String REVOKE_TIMEOUT_MS_DOC = "When partitions move to another instance (rebalance), how "
      + "long deliveries already under way for them may take to finish before the finished ones are committed and "
      + "the rest left to the new owner. Notifications still waiting in lanes are not started.";

  public static final String INCIDENT_URL_BASE_CONFIG = IncidentLinks.BASE_CONFIG;

  public static final String HTTP_HOST_CONFIG = "notifier.http.host";
  public static final String HTTP_PORT_CONFIG = "notifier.http.port";
  private static final String HTTP_PORT_DOC = "Port of the notifier's HTTP server (/metrics for Prometheus, "
      + "/health/live, /health/ready); 0 picks a free port, -1 runs no server.";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(GROUP_ID_CONFIG, Type.STRING, "tocsin-notifier", new ConfigDef.NonEmptyString(), Importance.HIGH,
          GROUP_ID_DOC)
      .define(GROUP_INSTANCE_ID_CONFIG, Type.STRING, "", dev.tocsin.schemas.config.GroupMembership.INSTANCE_ID_SETTING,
          Importance.MEDIUM, GROUP_INSTANCE_ID_DOC)
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
      .define(RECEIVERS_FILE_CONFIG, Type.STRING, "", Importance.HIGH, RECEIVERS_FILE_DOC)
      .define(LANE_QUEUE_CAPACITY_CONFIG, Type.INT, 1_000, Range.atLeast(1), Importance.LOW,
          LANE_QUEUE_CAPACITY_DOC)
      .define(LANE_CONCURRENCY_CONFIG, Type.INT, 8, Range.between(1, 64), Importance.LOW, LANE_CONCURRENCY_DOC)
      .define(RATE_LIMIT_SLACK_CONFIG, Type.INT, 60, Range.atLeast(0), Importance.MEDIUM,
          "Slack" + RATE_LIMIT_DOC.formatted("Slack channel (slack_configs entry); Slack allows about one a second"))
      .define(RATE_LIMIT_PAGERDUTY_CONFIG, Type.INT, 120, Range.atLeast(0), Importance.MEDIUM,
          "PagerDuty" + RATE_LIMIT_DOC.formatted("routing key (pagerduty_configs entry); PagerDuty Events v2 "
              + "allows about 120 a minute"))
      .define(RATE_LIMIT_WEBHOOK_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW,
          "Webhook" + RATE_LIMIT_DOC.formatted("webhook (webhook.url, or one webhook_configs entry)"))
      .define(RATE_LIMIT_EMAIL_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW,
          "Email" + RATE_LIMIT_DOC.formatted("email_configs entry"))
      .define(DEDUP_LOOKBACK_MS_CONFIG, Type.LONG, Duration.ofHours(24).toMillis(), Range.atLeast(0),
          Importance.MEDIUM, DEDUP_LOOKBACK_MS_DOC)
      .define(DEDUP_CAPACITY_CONFIG, Type.INT, 200_000, Range.atLeast(1), Importance.LOW, DEDUP_CAPACITY_DOC)
      .define(REVOKE_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(0, 240_000), Importance.LOW,
          REVOKE_TIMEOUT_MS_DOC)
      .define(INCIDENT_URL_BASE_CONFIG, Type.STRING, "", IncidentLinks.validator(), Importance.MEDIUM,
          IncidentLinks.BASE_DOC)
      .define(HTTP_HOST_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          "Interface the notifier's HTTP server binds to.")
      .define(HTTP_PORT_CONFIG, Type.INT, 8082, Range.between(-1, 65535), Importance.MEDIUM, HTTP_PORT_DOC);

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

  /** The configured {@link #GROUP_INSTANCE_ID_CONFIG}, or empty for dynamic membership. */
  public Optional<String> groupInstanceId() {
    String name = getString(GROUP_INSTANCE_ID_CONFIG).strip();
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
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

  /** Where incident pages live, for the links every channel's messages carry; none when the base is empty. */
  public IncidentLinks incidentLinks() {
    return IncidentLinks.fromSetting(getString(INCIDENT_URL_BASE_CONFIG));
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

  /** Capacity of each delivery lane's queue. */
  public int laneQueueCapacity() {
    return getInt(LANE_QUEUE_CAPACITY_CONFIG);
  }

  /** Deliveries in flight at once per lane; one incident's stay in order. */
  public int laneConcurrency() {
    return getInt(LANE_CONCURRENCY_CONFIG);
  }

  /** Delivery attempts per minute per target, for every integration a receiver can have (0: unlimited). */
  public RateLimits rateLimits() {
    Map<String, Integer> perMinute = new HashMap<>();
    for (String integration : IntegrationLabels.INTEGRATIONS) {
      perMinute.put(integration, rateLimitConfig(integration).map(this::getInt).orElse(0));
    }
    return new RateLimits(perMinute);
  }

  /**
   * The setting that limits {@code integration}, or empty when it is never limited. Both Slack
   * forms post to one channel, so they share Slack's limit.
   *
   * @throws IllegalArgumentException for an integration nobody decided a limit for
   */
  static Optional<String> rateLimitConfig(String integration) {
    return switch (integration) {
      case SlackWebhookChannel.INTEGRATION, SlackApiChannel.INTEGRATION -> Optional.of(RATE_LIMIT_SLACK_CONFIG);
      case PagerDutyChannel.INTEGRATION -> Optional.of(RATE_LIMIT_PAGERDUTY_CONFIG);
      case WebhookChannel.INTEGRATION -> Optional.of(RATE_LIMIT_WEBHOOK_CONFIG);
      case EmailChannel.INTEGRATION -> Optional.of(RATE_LIMIT_EMAIL_CONFIG);
      case LogChannel.INTEGRATION -> Optional.empty();
      default -> throw new IllegalArgumentException("no rate limit is decided for integration " + integration);
    };
  }

  /** How far back delivery results are read to rebuild the delivered-id memory; zero when that is off. */
  public Duration dedupLookback() {
    return Duration.ofMillis(getLong(DEDUP_LOOKBACK_MS_CONFIG));
  }

  /** Most deliveries the delivered-id memory holds. */
  public int dedupCapacity() {
    return getInt(DEDUP_CAPACITY_CONFIG);
  }

  /** How long revoked partitions' deliveries under way may take to finish. */
  public Duration revokeTimeout() {
    return Duration.ofMillis(getLong(REVOKE_TIMEOUT_MS_CONFIG));
  }

  /** Interface of the HTTP server. */
  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  /** Port of the HTTP server, 0 for any free one, or empty for no server. */
  public OptionalInt httpPort() {
    int port = getInt(HTTP_PORT_CONFIG);
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
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
      if (HttpUrls.parse(url).isEmpty()) {
        throw new ConfigException(name, value, HttpUrls.MUST_BE_ABSOLUTE_HTTP);
      }
    }

    @Override
    public String toString() {
      return "empty, or an http(s) URL";
    }
  }
}
