package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationPolicyTest {
  private static final Map<String, String> CHECKOUT = Simulation.CHECKOUT;

  private static Map<String, String> labels(String... pairs) {
    Map<String, String> labels = new HashMap<>(CHECKOUT);
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Duration m(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  @Test
  void groupWaitDelaysTheFirstNotificationButNotTheIncident() {
    Simulation sim = new Simulation(null).fire("a", labels("instance", "1"));

    assertThat(sim.incident).isNotNull();
    assertThat(sim.timelineTypes()).containsExactly(IncidentEventType.OPENED);
    sim.advance(s(29));
    assertThat(sim.deliveries()).isEmpty();

    sim.advance(s(1));
    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S");
  }

  @Test
  void alertsArrivingDuringGroupWaitGoOutInTheFirstNotification() {
    Simulation sim = new Simulation(null).fire("a", labels("instance", "1")).advance(s(10))
        .fire("b", labels("instance", "2")).advance(s(30));

    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S");
    assertThat(sim.incident.alerts()).containsOnlyKeys("a", "b");
  }

  @Test
  void groupIntervalBatchesLaterAlertChangesIntoOneUpdate() {
    Simulation sim = new Simulation(null).fire("a", labels("instance", "1")).advance(s(30))
        .advance(m(1)).fire("b", labels("instance", "2"))
        .advance(m(1)).fire("c", labels("instance", "3"))
        .advance(m(1)).resolve("b", labels("instance", "2"));

    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S");
    sim.advance(m(10));

    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S", "default ALERT_RESOLVED @PT5M30S");
  }

  @Test
  void repeatIntervalRenotifiesAnUnacknowledgedIncidentOnly() {
    String yaml = """
        route:
          receiver: default
          repeat_interval: 1h
        """;
    Simulation unacknowledged = new Simulation(yaml).fire("a", labels("severity", "info")).advance(m(125));
    Simulation acknowledged = new Simulation(yaml).fire("a", labels("severity", "info")).advance(m(10))
        .command(CommandType.ACKNOWLEDGE).advance(m(115));

    assertThat(unacknowledged.deliveries()).containsExactly("default OPENED @PT30S",
        "default REMINDER_DUE @PT1H30S", "default REMINDER_DUE @PT2H30S");
    assertThat(acknowledged.deliveries()).containsExactly("default OPENED @PT30S", "default ACKNOWLEDGED @PT10M");
  }

  private static final String PAGER = """
      route:
        receiver: team-slack
        escalation_policy: pager
      escalation_policies:
        - name: pager
          loops: 1
          levels:
            - delay: 5m
              receivers: [primary]
            - delay: 10m
              receivers: [secondary]
      reminders: {}
      receivers:
        - name: team-slack
        - name: primary
        - name: secondary
      """;

  @Test
  void escalationPagesEachLevelInTurnAndLoopsUntilItsBudgetIsSpent() {
    Simulation sim = new Simulation(PAGER).fire("a", labels("severity", "high")).advance(Duration.ofHours(2));

    assertThat(sim.deliveries()).filteredOn(d -> !d.contains("REMINDER")).containsExactly(
        "team-slack OPENED @PT30S", "primary OPENED @PT30S",
        "secondary ESCALATED @PT5M30S",
        "primary ESCALATED @PT15M30S",
        "secondary ESCALATED @PT20M30S");
    assertThat(sim.incident.receivers()).containsExactly("team-slack", "primary", "secondary");
    assertThat(sim.incident.schedule().escalateAt()).isNull();
  }

  @Test
  void acknowledgeStopsEscalationAndTellsEveryoneAlreadyPaged() {
    Simulation sim = new Simulation(PAGER).fire("a", labels("severity", "high")).advance(m(7))
        .command(CommandType.ACKNOWLEDGE).advance(Duration.ofHours(2));

    assertThat(sim.deliveries()).filteredOn(d -> !d.contains("REMINDER")).containsExactly(
        "team-slack OPENED @PT30S", "primary OPENED @PT30S",
        "secondary ESCALATED @PT5M30S",
        "team-slack ACKNOWLEDGED @PT7M", "primary ACKNOWLEDGED @PT7M", "secondary ACKNOWLEDGED @PT7M");
  }

  @Test
  void builtInP0PolicyRepagesTheRouteEveryFiveMinutesTwice() {
    Simulation sim = new Simulation(null).fire("a", labels("severity", "critical")).advance(m(30));

    assertThat(sim.incident.severity()).isEqualTo(Severity.P0);
    assertThat(sim.deliveries()).filteredOn(d -> d.contains("ESCALATED"))
        .containsExactly("default ESCALATED @PT5M30S", "default ESCALATED @PT10M30S");
  }

  @Test
  void updateRemindersFollowTheSeverityCadenceUntilResolvedEvenAfterAcknowledge() {
    Simulation sim = new Simulation(null).fire("a", labels("severity", "critical")).advance(m(1))
        .command(CommandType.ACKNOWLEDGE).advance(m(40))
        .command(CommandType.RESOLVE).advance(Duration.ofHours(3));

    assertThat(sim.deliveries()).filteredOn(d -> d.contains("REMINDER_DUE"))
        .containsExactly("default REMINDER_DUE @PT15M30S", "default REMINDER_DUE @PT30M30S");
    assertThat(sim.deliveries()).last().isEqualTo("default RESOLVED @PT41M");
  }

  @Test
  void postingAnUpdateRestartsTheReminderClock() {
    Simulation sim = new Simulation(null).fire("a", labels("severity", "critical")).advance(m(1))
        .command(CommandType.ACKNOWLEDGE).advance(m(10))
        .command(CommandType.POST_UPDATE, Simulation.with("rolled back", null, null)).advance(m(20));

    assertThat(sim.deliveries()).filteredOn(d -> d.contains("REMINDER_DUE"))
        .containsExactly("default REMINDER_DUE @PT26M");
  }

  @Test
  void silencedIncidentOpensButHoldsItsNotificationsAndTheTimelineSaysWhy() {
    Simulation sim = new Simulation(null);
    sim.mute = (incident, now) -> Optional.of(new Suppression(IncidentEventType.SILENCED, "silenced by maint"));
    sim.fire("a", labels()).advance(m(3));

    assertThat(sim.incident).isNotNull();
    assertThat(sim.deliveries()).isEmpty();
    assertThat(sim.timelineCounts()).containsEntry(IncidentEventType.SILENCED, 1L);
    assertThat(sim.incident.suppressedBy()).isEqualTo("silenced by maint");

    sim.mute = Mute.NEVER;
    sim.advance(m(5));
    assertThat(sim.deliveries()).containsExactly("default OPENED @PT5M30S");
    assertThat(sim.incident.suppressedBy()).isNull();
  }

  @Test
  void resolutionStillReachesReceiversToldAboutTheIncidentWhileItIsSilenced() {
    Simulation sim = new Simulation(null).fire("a", labels()).advance(m(1));
    sim.mute = (incident, now) -> Optional.of(new Suppression(IncidentEventType.INHIBITED, "inhibited by INC-1"));
    sim.fire("b", labels("instance", "2")).advance(m(10)).command(CommandType.RESOLVE);

    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S", "default RESOLVED @PT11M");
    assertThat(sim.timelineCounts()).containsEntry(IncidentEventType.INHIBITED, 1L);
  }

  @Test
  void manualIncidentIsAnnouncedAtOnceAtTheDefaultSeverity() {
    Simulation sim = new Simulation(null).command(CommandType.CREATE, new Command("t", CommandType.CREATE, null,
        Person.ENGINE, Simulation.T0, null, null, null, "Checkout down", "payments fail", java.util.List.of(
        "checkout"), "customers cannot pay", null, java.util.List.of(), null, null));

    assertThat(sim.deliveries()).containsExactly("default OPENED @PT0S");
    assertThat(sim.incident.manual()).isTrue();
    assertThat(sim.incident.severity()).isEqualTo(Severity.P3);
    assertThat(sim.incident.affectedComponents()).containsExactly("checkout");
    assertThat(sim.incident.impactDescription()).isEqualTo("customers cannot pay");
  }

  @Test
  void flappingAlertReopensTheIncidentWithoutPagingTwice() {
    Simulation sim = new Simulation(null).fire("a", labels()).advance(m(2))
        .resolve("a", labels()).advance(m(3))
        .fire("a", labels()).advance(m(1))
        .resolve("a", labels()).advance(m(30));

    assertThat(sim.deliveries()).filteredOn(d -> d.contains(" OPENED ")).hasSize(1);
    assertThat(sim.timelineCounts()).containsEntry(IncidentEventType.REOPENED, 1L)
        .containsEntry(IncidentEventType.RESOLVED, 1L);
    assertThat(sim.deliveries()).last().isEqualTo("default RESOLVED @PT11M");
    assertThat(sim.incident.reopenCount()).isEqualTo(1);
  }

  @Test
  void incidentResolvedBeforeItsGroupWaitEndsNotifiesNobody() {
    String yaml = """
        route:
          receiver: default
          group_wait: 1m
        incidents:
          quiet_period: 0s
        """;
    Simulation sim = new Simulation(yaml).fire("a", labels()).advance(s(20)).resolve("a", labels())
        .advance(m(10));

    assertThat(sim.timelineTypes()).contains(IncidentEventType.RESOLVED);
    assertThat(sim.deliveries()).isEmpty();
  }

  @Test
  void reminderDueBeforeABatchedUpdateDoesNotSwallowIt() {
    // Regression: a reminder counted as the group's update, so pending alert changes were dropped.
    String yaml = """
        route:
          receiver: default
          group_interval: 20m
        reminders: {P0: 15m}
        """;
    Simulation sim = new Simulation(yaml).fire("a", labels("severity", "critical")).advance(m(1))
        .command(CommandType.ACKNOWLEDGE).advance(m(1))
        .fire("b", labels("severity", "critical", "instance", "2")).advance(m(30));

    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S", "default ACKNOWLEDGED @PT1M",
        "default REMINDER_DUE @PT15M30S", "default ALERT_ADDED @PT21M", "default REMINDER_DUE @PT30M30S");
  }

  @Test
  void severityRaisedAfterTheAnnouncementStartsTheNewSeveritysEscalationAndReminders() {
    Simulation sim = new Simulation(null).fire("a", labels("severity", "info")).advance(m(2))
        .fire("b", labels("severity", "critical", "instance", "2")).advance(m(16));

    assertThat(sim.incident.severity()).isEqualTo(Severity.P0);
    assertThat(sim.incident.escalationPolicy()).isEqualTo("p0-default");
    assertThat(sim.deliveries()).filteredOn(d -> d.contains("ESCALATED") || d.contains("REMINDER"))
        .containsExactly("default ESCALATED @PT2M", "default ESCALATED @PT7M", "default ESCALATED @PT12M",
            "default REMINDER_DUE @PT17M");
  }

  @Test
  void severityLoweredByAHumanPagesNobody() {
    Simulation sim = new Simulation(null).fire("a", labels("severity", "critical")).advance(m(1))
        .command(CommandType.SET_SEVERITY, Simulation.with(null, null, Severity.P3)).advance(m(60));

    assertThat(sim.incident.escalationPolicy()).isEqualTo("p3-default");
    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S", "default SEVERITY_CHANGED @PT1M");
  }

  @Test
  void incidentAcknowledgedDuringItsGroupWaitIsAnnouncedToTheRouteButPagesNoLevel() {
    Simulation sim = new Simulation("""
        route:
          receiver: team-slack
          escalation_policy: pager
        escalation_policies:
          - name: pager
            levels:
              - delay: 5m
                receivers: [primary]
              - delay: 5m
                receivers: [secondary]
        """).fire("a", labels()).advance(s(10)).command(CommandType.ACKNOWLEDGE).advance(m(30));

    assertThat(sim.deliveries()).containsExactly("team-slack OPENED @PT30S");
  }
}
