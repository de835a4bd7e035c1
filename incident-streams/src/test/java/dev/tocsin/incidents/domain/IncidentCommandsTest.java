package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.CommandType;
import dev.tocsin.avro.DeliveryOutcome;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentCommandsTest {
  private static final Person ADA = new Person("user", "U1", "Ada");

  private static Simulation opened() {
    return new Simulation(null).fire("a", Simulation.CHECKOUT).advance(Duration.ofSeconds(30));
  }

  private static Command command(String id, CommandType type, IncidentState incident) {
    return new Command(id, type, incident.id(), ADA, Simulation.T0, null, null, null, null, null, List.of(), null,
        null, List.of(), null, "slack");
  }

  @Test
  void acknowledgeIsAppliedOncePerCommandId() {
    Simulation sim = opened();
    IncidentLifecycle lifecycle = sim.lifecycle;
    Command ack = command("slack:1", CommandType.ACKNOWLEDGE, sim.incident);

    Transition first = lifecycle.command(sim.incident, ack, sim.now);
    IncidentState acked = ((Transition.Acknowledged) first).incident();
    Transition again = lifecycle.command(acked, ack, sim.now);

    assertThat(acked.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
    assertThat(acked.acknowledgedAt()).isEqualTo(sim.now);
    assertThat(((Transition.Acknowledged) first).events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(IncidentEventType.ACKNOWLEDGED);
      assertThat(e.actor()).isEqualTo(ADA);
      assertThat(e.message()).isEqualTo("acknowledged by Ada via slack");
    });
    assertThat(again).isInstanceOf(Transition.NoOp.class);
  }

  @Test
  void resolveIsAllowedWithAlertsStillFiringAndTheTimelineSaysSo() {
    Simulation sim = opened().command(CommandType.RESOLVE);

    assertThat(sim.incident.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(sim.incident.publicStatus()).isEqualTo(PublicStatus.RESOLVED);
    assertThat(sim.timeline).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(IncidentEventType.RESOLVED);
      assertThat(e.message()).contains("with 1 alert(s) still firing");
    });
  }

  @Test
  void postUpdateNeedsAMessageAndMaySetThePublicStatus() {
    Simulation sim = opened().command(CommandType.POST_UPDATE);
    assertThat(sim.last).isInstanceOf(Transition.Rejected.class);
    assertThat(sim.timeline).last().extracting(TimelineEntry::message).asString()
        .contains("message: an update needs a message");

    sim.command(CommandType.POST_UPDATE, Simulation.with("cause found: bad deploy", PublicStatus.IDENTIFIED, null));
    assertThat(sim.incident.publicStatus()).isEqualTo(PublicStatus.IDENTIFIED);
    assertThat(sim.timeline).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(IncidentEventType.UPDATE_POSTED);
      assertThat(e.message()).isEqualTo("[identified] cause found: bad deploy");
    });
  }

  @Test
  void humanMaySetSeverityEitherWayButAlertsOnlyRaiseIt() {
    Simulation sim = opened().command(CommandType.SET_SEVERITY, Simulation.with(null, null, Severity.P0));
    assertThat(sim.incident.severity()).isEqualTo(Severity.P0);

    sim.command(CommandType.SET_SEVERITY, Simulation.with(null, null, Severity.P3));
    assertThat(sim.incident.severity()).isEqualTo(Severity.P3);
    assertThat(sim.timeline).last().extracting(TimelineEntry::previousSeverity).isEqualTo(Severity.P0);

    Map<String, String> warning = new HashMap<>(Simulation.CHECKOUT);
    warning.put("instance", "2");
    warning.put("severity", "warning");
    sim.fire("b", warning);
    assertThat(sim.incident.severity()).isEqualTo(Severity.P2);
  }

  @Test
  void assignRecordsTheAssignee() {
    Simulation sim = opened();
    Command assign = new Command("c1", CommandType.ASSIGN, sim.incident.id(), ADA, sim.now, null, null, null, null,
        null, List.of(), null, new Person("user", "U2", "Grace"), List.of(), null, "slack");

    sim.apply(sim.lifecycle.command(sim.incident, assign, sim.now));

    assertThat(sim.incident.assignee()).isEqualTo(new Person("user", "U2", "Grace"));
    assertThat(sim.timeline).last().extracting(TimelineEntry::type).isEqualTo(IncidentEventType.ASSIGNED);
  }

  @Test
  void silenceWithoutMatchersSilencesTheIncidentsGroupUntilTheGivenEnd() {
    Simulation sim = opened();
    Instant until = sim.now.plus(Duration.ofHours(2));
    Command silence = new Command("c1", CommandType.SILENCE, sim.incident.id(), ADA, sim.now, "deploying", null,
        null, null, null, List.of(), null, null, List.of(), until, "slack");

    Transition t = sim.lifecycle.command(sim.incident, silence, sim.now);

    assertThat(t).isInstanceOf(Transition.Silenced.class);
    NewSilence created = ((Transition.Silenced) t).silence();
    assertThat(created.matchers()).containsExactly("alertname=\"HighErrorRate\"", "service=\"checkout\"");
    assertThat(created.endsAt()).isEqualTo(until);
    assertThat(created.incidentId()).isEqualTo(sim.incident.id());
  }

  @Test
  void silenceEndingInThePastOrWithABadMatcherIsRejected() {
    Simulation sim = opened();
    Command past = new Command("c1", CommandType.SILENCE, sim.incident.id(), ADA, sim.now, null, null, null, null,
        null, List.of(), null, null, List.of(), sim.now.minusSeconds(1), "api");
    Command bad = new Command("c2", CommandType.SILENCE, sim.incident.id(), ADA, sim.now, null, null, null, null,
        null, List.of(), null, null, List.of("service=~\"(\""), sim.now.plusSeconds(60), "api");

    assertThat(sim.lifecycle.command(sim.incident, past, sim.now)).isInstanceOf(Transition.Rejected.class);
    assertThat(((Transition.Rejected) sim.lifecycle.command(sim.incident, bad, sim.now)).events()).singleElement()
        .extracting(TimelineEntry::message).asString().contains("matchers:");
  }

  @Test
  void commandsOnAResolvedIncidentAreRejectedOnItsTimeline() {
    Simulation sim = opened().command(CommandType.RESOLVE).command(CommandType.ACKNOWLEDGE);

    assertThat(sim.last).isInstanceOf(Transition.Rejected.class);
    assertThat(sim.timeline).last().satisfies(e -> {
      assertThat(e.type()).isEqualTo(IncidentEventType.COMMAND_REJECTED);
      assertThat(e.message()).contains("already resolved");
    });
  }

  @Test
  void unknownCommandTypeIsRejectedNotThrown() {
    Simulation sim = opened().command(CommandType.UNKNOWN);

    assertThat(sim.last).isInstanceOf(Transition.Rejected.class);
    assertThat(sim.incident.status()).isEqualTo(IncidentStatus.TRIGGERED);
  }

  @Test
  void deliveryOutcomesGoOnTheTimelineOnceAndSkipsDoNot() {
    Simulation sim = opened();
    Delivery paged = new Delivery(sim.incident.id() + ":1:default", "default", "pagerduty",
        DeliveryOutcome.DELIVERED, 1, 202, null);
    Delivery failed = new Delivery(sim.incident.id() + ":1:default", "default", "slack",
        DeliveryOutcome.DEAD_LETTERED, 3, 403, "invalid_token");
    Delivery skipped = new Delivery(sim.incident.id() + ":1:default", "default", "email",
        DeliveryOutcome.SUPPRESSED, 1, null, "no action");

    sim.apply(sim.lifecycle.delivered(sim.incident, paged, sim.now));
    sim.apply(sim.lifecycle.delivered(sim.incident, paged, sim.now));
    sim.apply(sim.lifecycle.delivered(sim.incident, failed, sim.now));
    sim.apply(sim.lifecycle.delivered(sim.incident, skipped, sim.now));

    assertThat(sim.timeline).extracting(TimelineEntry::type, TimelineEntry::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(IncidentEventType.OPENED, "opened by HighErrorRate (5xx high)"),
        org.assertj.core.groups.Tuple.tuple(IncidentEventType.NOTIFIED, "paged via pagerduty (receiver default)"),
        org.assertj.core.groups.Tuple.tuple(IncidentEventType.NOTIFICATION_FAILED,
            "slack delivery failed: 403 (invalid_token) after 3 attempt(s), receiver default"));
    assertThat(sim.deliveries()).containsExactly("default OPENED @PT30S");
  }

  @Test
  void impactRuleMakesAnIncidentSpanningMoreThanTwoServicesP0() {
    String yaml = """
        route:
          receiver: default
          group_by: [alertname]
        """;
    Simulation sim = new Simulation(yaml);
    for (String service : List.of("checkout", "payments", "search")) {
      sim.fire(service, Map.of("alertname", "HighLatency", "service", service, "severity", "warning"));
    }

    assertThat(sim.incident.severity()).isEqualTo(Severity.P0);
    assertThat(sim.timeline).filteredOn(e -> e.type() == IncidentEventType.SEVERITY_CHANGED).singleElement()
        .extracting(TimelineEntry::message).asString().contains("impact rule");
  }

  @Test
  void incidentKeepsABoundedNumberOfAlertsDroppingTheOldestResolvedFirst() {
    Simulation sim = new Simulation(null).fire("keep", Simulation.CHECKOUT);
    for (int i = 0; i < IncidentLifecycle.MAX_ALERTS + 50; i++) {
      Map<String, String> labels = new HashMap<>(Simulation.CHECKOUT);
      labels.put("instance", "i" + i);
      sim.fire("fp" + i, labels).resolve("fp" + i, labels);
    }

    assertThat(sim.incident.alerts()).hasSize(IncidentLifecycle.MAX_ALERTS).containsKey("keep")
        .containsKey("fp" + (IncidentLifecycle.MAX_ALERTS + 49)).doesNotContainKey("fp0");
  }

  @Test
  void silencingAManualIncidentWithoutMatchersIsRefusedForItWouldMuteEverything() {
    Simulation sim = new Simulation(null).command(CommandType.CREATE, new Command("t", CommandType.CREATE, null,
        Person.ENGINE, Simulation.T0, null, null, null, "Checkout down", null, List.of(), null, null, List.of(), null,
        null));
    Command silence = new Command("c1", CommandType.SILENCE, sim.incident.id(), ADA, sim.now, null, null, null,
        null, null, List.of(), null, null, List.of(), sim.now.plusSeconds(3600), "slack");
    Command everything = new Command("c2", CommandType.SILENCE, sim.incident.id(), ADA, sim.now, null, null, null,
        null, null, List.of(), null, null, List.of("alertname=~\".*\""), sim.now.plusSeconds(3600), "slack");

    assertThat(sim.lifecycle.command(sim.incident, silence, sim.now)).isInstanceOf(Transition.Rejected.class);
    assertThat(sim.lifecycle.command(sim.incident, everything, sim.now)).isInstanceOf(Transition.Rejected.class);
  }

  private static Command withMessage(String id, CommandType type, IncidentState incident, String message) {
    return new Command(id, type, incident.id(), ADA, Simulation.T0, message, null, null, null, null, List.of(), null,
        null, List.of(), null, "api");
  }

  @Test
  void aNoteGoesOnTheTimelineWithoutNotifyingEvenAfterResolution() {
    Simulation sim = opened().command(CommandType.RESOLVE);
    IncidentState resolved = sim.incident;

    Transition note = sim.lifecycle.command(resolved, withMessage("n1", CommandType.ADD_NOTE, resolved,
        "rollback finished at 10:42"), sim.now);
    Transition empty = sim.lifecycle.command(resolved, withMessage("n2", CommandType.ADD_NOTE, resolved, " "),
        sim.now);

    assertThat(note).isInstanceOf(Transition.Annotated.class);
    assertThat(((Transition.Annotated) note).events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(IncidentEventType.NOTE_ADDED);
      assertThat(e.message()).isEqualTo("note by Ada: rollback finished at 10:42");
    });
    assertThat(empty).isInstanceOf(Transition.Rejected.class);
  }

  @Test
  void falsePositiveIsMarkedOnceAndMayFollowResolution() {
    Simulation sim = opened().command(CommandType.RESOLVE);

    Transition marked = sim.lifecycle.command(sim.incident, withMessage("fp1", CommandType.MARK_FALSE_POSITIVE,
        sim.incident, "threshold too tight"), sim.now);
    IncidentState after = ((Transition.Annotated) marked).incident();
    Transition again = sim.lifecycle.command(after, withMessage("fp2", CommandType.MARK_FALSE_POSITIVE, after, null),
        sim.now);

    assertThat(after.falsePositive()).isTrue();
    assertThat(((Transition.Annotated) marked).events()).singleElement().extracting(TimelineEntry::message)
        .isEqualTo("marked a false positive by Ada: threshold too tight");
    assertThat(again).isInstanceOf(Transition.NoOp.class);
  }

  @Test
  void reopenBringsAResolvedIncidentBackAndIsRefusedWhileItIsOpen() {
    Simulation sim = opened();
    Transition whileOpen = sim.lifecycle.command(sim.incident, withMessage("r0", CommandType.REOPEN, sim.incident,
        null), sim.now);
    sim.command(CommandType.RESOLVE);

    Transition reopened = sim.lifecycle.command(sim.incident, withMessage("r1", CommandType.REOPEN, sim.incident,
        "customers still see errors"), sim.now);
    IncidentState state = ((Transition.Changed) reopened).incident();

    assertThat(whileOpen).isInstanceOf(Transition.Rejected.class);
    assertThat(state.status()).isEqualTo(IncidentStatus.TRIGGERED);
    assertThat(state.publicStatus()).isEqualTo(PublicStatus.INVESTIGATING);
    assertThat(state.resolvedAt()).isNull();
    assertThat(state.reopenCount()).isEqualTo(sim.incident.reopenCount() + 1);
    assertThat(((Transition.Changed) reopened).events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(IncidentEventType.REOPENED);
      assertThat(e.message()).isEqualTo("reopened by Ada: customers still see errors");
    });
  }

  @Test
  void impactSetsComponentsAndDescriptionKeepingWhatIsNotGiven() {
    Simulation sim = opened();
    Command impact = new Command("i1", CommandType.SET_IMPACT, sim.incident.id(), ADA, Simulation.T0, null, null,
        null, null, null, List.of("api_gateway", "checkout"), null, null, List.of(), null, "api");
    Command nothing = new Command("i2", CommandType.SET_IMPACT, sim.incident.id(), ADA, Simulation.T0, null, null,
        null, null, null, List.of(), null, null, List.of(), null, "api");

    IncidentState state = ((Transition.Changed) sim.lifecycle.command(sim.incident, impact, sim.now)).incident();
    Command described = new Command("i3", CommandType.SET_IMPACT, sim.incident.id(), ADA, Simulation.T0, null, null,
        null, null, null, List.of(), "slow checkouts", null, List.of(), null, "api");
    IncidentState after = ((Transition.Changed) sim.lifecycle.command(state, described, sim.now)).incident();

    assertThat(state.affectedComponents()).containsExactly("api_gateway", "checkout");
    assertThat(after.affectedComponents()).containsExactly("api_gateway", "checkout");
    assertThat(after.impactDescription()).isEqualTo("slow checkouts");
    assertThat(sim.lifecycle.command(sim.incident, nothing, sim.now)).isInstanceOf(Transition.Rejected.class);
  }
}
