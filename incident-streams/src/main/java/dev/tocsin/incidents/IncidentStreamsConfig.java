package dev.tocsin.incidents;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the incident engine service. Kafka Streams settings pass through as {@code kafka.*}. */
public final class IncidentStreamsConfig extends AbstractConfig {
  public static final String APPLICATION_ID_CONFIG = "streams.application.id";
  public static final String STATE_DIR_CONFIG = "streams.state.dir";
  public static final String RECEIVERS_CONFIG = "incidents.receivers";
  public static final String GROUP_BY_CONFIG = "incidents.group.by";
  public static final String QUIET_PERIOD_MS_CONFIG = "incidents.quiet.period.ms";
  public static final String CONFIG_FILE_CONFIG = "incidents.config.file";
  public static final String DEDUP_RETENTION_MS_CONFIG = "incidents.dedup.retention.ms";
  public static final String GROUP_INSTANCE_ID_CONFIG = "streams.group.instance.id";
  /** The file in {@link #STATE_DIR_CONFIG} that keeps a generated {@link #GROUP_INSTANCE_ID_CONFIG}. */
  public static final String GROUP_INSTANCE_ID_FILE = "group-instance-id";
  public static final String HTTP_HOST_CONFIG = "streams.http.host";
  public static final String HTTP_PORT_CONFIG = "streams.http.port";

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(APPLICATION_ID_CONFIG, Type.STRING, "tocsin-incident-streams", new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Kafka Streams application id: consumer group and prefix of internal topics.")
      .define(STATE_DIR_CONFIG, Type.STRING, "state/incident-streams", new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Directory of the local state stores (relative to the working directory unless "
              + "absolute; the standalone puts it under data.dir). Keep it across restarts: it saves restoring "
              + "the stores from their changelogs.")
      .define(GROUP_INSTANCE_ID_CONFIG, Type.STRING, "", dev.tocsin.schemas.config.GroupMembership.INSTANCE_ID_SETTING,
          Importance.MEDIUM, "This engine instance's stable name in its consumer group (static membership): "
          + "a restarted engine with the same name takes its tasks back at once instead of after the dead "
          + "member's session (10 s). Unique per instance; Kafka fences an older instance holding the same name. "
          + "Empty: generated at the first start and kept in streams.state.dir (file group-instance-id), so it "
          + "lasts as long as that state.")
      .define(RECEIVERS_CONFIG, Type.LIST, List.of("default"), new ConfigDef.NonNullValidator(), Importance.MEDIUM,
          "The root route's receivers when the config file names none, or when there is no file (names the "
              + "notifier defines).")
      .define(GROUP_BY_CONFIG, Type.LIST, List.of("alertname", "service"), new ConfigDef.NonNullValidator(),
          Importance.MEDIUM, "The root route's group_by when the config file gives none, or when there is no file: one "
              + "open incident per distinct value set ('...' groups by every label).")
      .define(QUIET_PERIOD_MS_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
          "When every alert of an incident has resolved, the incident shows 'monitoring' for this long and "
              + "resolves unless an alert fires again (then it goes on without paging twice); 0 resolves at once. "
              + "incidents: quiet_period in the config file overrides it.")
      .define(CONFIG_FILE_CONFIG, Type.STRING, "", Importance.HIGH,
          "Path of a tocsin.yml whose route:, severity:, escalation_policies:, escalation:, reminders:, "
              + "incidents:, silences: and inhibit_rules: sections configure the engine (Alertmanager's vocabulary "
              + "and matcher syntax; the receivers: section belongs to the notifier, but route receivers must be "
              + "named there). Validated at start-up; every problem is reported with its path. Empty: one root "
              + "route to incidents.receivers grouped by incidents.group.by, the built-in severity aliases, "
              + "escalation defaults and reminders; the incident-streams jar's examples/tocsin-engine.md documents "
              + "every key.")
      .define(HTTP_HOST_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
          "Interface the engine's HTTP server (/metrics, /health/live, /health/ready) listens on.")
      .define(HTTP_PORT_CONFIG, Type.INT, 8083, ConfigDef.Range.between(-1, 65535), Importance.MEDIUM,
          "Port of the engine's HTTP server: /metrics for Prometheus, /health/live (the Streams application "
              + "has not failed), /health/ready (it is running, not restoring or rebalancing); 0 picks a free port, "
              + "-1 runs no server. The standalone serves none of its own.")
      .define(DEDUP_RETENTION_MS_CONFIG, Type.LONG, 86_400_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
          "How long the last state of an alert is remembered to drop repeats; older entries are forgotten so the "
              + "store cannot grow forever (an alert repeated after that passes on once more and changes nothing).");

  public IncidentStreamsConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String stateDir() {
    return getString(STATE_DIR_CONFIG);
  }

  /** The configured {@link #GROUP_INSTANCE_ID_CONFIG}, or empty to keep a generated one in the state dir. */
  public java.util.Optional<String> groupInstanceId() {
    String name = getString(GROUP_INSTANCE_ID_CONFIG).strip();
    return name.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(name);
  }

  public List<String> receivers() {
    return getList(RECEIVERS_CONFIG);
  }

  public java.time.Duration quietPeriod() {
    return java.time.Duration.ofMillis(getLong(QUIET_PERIOD_MS_CONFIG));
  }

  public java.util.Optional<java.nio.file.Path> configFile() {
    String file = getString(CONFIG_FILE_CONFIG).strip();
    return file.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(java.nio.file.Path.of(file));
  }

  public String httpHost() {
    return getString(HTTP_HOST_CONFIG);
  }

  /** The HTTP server's port, or empty for none. */
  public java.util.OptionalInt httpPort() {
    int port = getInt(HTTP_PORT_CONFIG);
    return port < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(port);
  }

  public java.time.Duration dedupRetention() {
    return java.time.Duration.ofMillis(getLong(DEDUP_RETENTION_MS_CONFIG));
  }

  /** The engine's behaviour: the config file's, or the built-in defaults over this service's settings. */
  public dev.tocsin.incidents.config.EngineConfig engineConfig(Map<String, String> environment) {
    dev.tocsin.incidents.config.EngineConfig defaults = dev.tocsin.incidents.config.EngineConfig.defaults(
        receivers(), groupBy(), quietPeriod());
    return configFile().map(file -> dev.tocsin.incidents.config.EngineConfigFile.load(file, environment, defaults))
        .orElse(defaults);
  }

  public List<String> groupBy() {
    return getList(GROUP_BY_CONFIG);
  }
}
