package dev.tocsin.schemas;

import java.util.List;

/** Default names of Tocsin's topics; see DESIGN.md for what each one carries. */
public final class TopicNames {
  public static final String ALERTS = "tocsin.alerts.v1";
  public static final String INCIDENT_COMMANDS = "tocsin.incident-commands.v1";
  public static final String INCIDENTS = "tocsin.incidents.v1";
  public static final String INCIDENT_EVENTS = "tocsin.incident-events.v1";
  public static final String NOTIFICATIONS = "tocsin.notifications.v1";
  public static final String NOTIFICATION_RESULTS = "tocsin.notification-results.v1";
  public static final String DEAD_LETTERS = "tocsin.dead-letters.v1";
  public static final String SILENCES = "tocsin.silences.v1";

  /** Every topic, in pipeline order. */
  public static final List<String> ALL = List.of(ALERTS, INCIDENT_COMMANDS, INCIDENTS, INCIDENT_EVENTS,
      NOTIFICATIONS, NOTIFICATION_RESULTS, DEAD_LETTERS, SILENCES);

  /** Topics that keep only the latest value per key. */
  public static final List<String> COMPACTED = List.of(INCIDENTS, SILENCES);

  private TopicNames() {
  }
}
