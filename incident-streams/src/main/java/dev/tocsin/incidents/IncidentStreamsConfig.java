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

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(APPLICATION_ID_CONFIG, Type.STRING, "tocsin-incident-streams", new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Kafka Streams application id: consumer group and prefix of internal topics.")
      .define(STATE_DIR_CONFIG, Type.STRING, "state/incident-streams", new ConfigDef.NonEmptyString(),
          Importance.HIGH, "Directory of the local state stores (relative to the working directory unless "
              + "absolute; the standalone puts it under data.dir). Keep it across restarts: it saves restoring "
              + "the stores from their changelogs.")
      .define(RECEIVERS_CONFIG, Type.LIST, List.of("default"), new ConfigDef.NonNullValidator(), Importance.MEDIUM,
          "Receivers notified when an incident opens or resolves (names the notifier defines).")
      .define(GROUP_BY_CONFIG, Type.LIST, List.of("alertname", "service"), new ConfigDef.NonNullValidator(),
          Importance.MEDIUM, "Labels that form an incident group: one open incident per distinct value set.")
      .define(QUIET_PERIOD_MS_CONFIG, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
          "When every alert of an incident has resolved, the incident shows 'monitoring' for this long and "
              + "resolves unless an alert fires again (then it goes on without paging twice); 0 resolves at once.");

  public IncidentStreamsConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
  }

  public String applicationId() {
    return getString(APPLICATION_ID_CONFIG);
  }

  public String stateDir() {
    return getString(STATE_DIR_CONFIG);
  }

  public List<String> receivers() {
    return getList(RECEIVERS_CONFIG);
  }

  public java.time.Duration quietPeriod() {
    return java.time.Duration.ofMillis(getLong(QUIET_PERIOD_MS_CONFIG));
  }

  public List<String> groupBy() {
    return getList(GROUP_BY_CONFIG);
  }
}
