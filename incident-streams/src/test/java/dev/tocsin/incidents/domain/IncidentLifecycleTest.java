package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.config.GroupBy;
import dev.tocsin.incidents.config.Route;
import dev.tocsin.incidents.config.RouteMatch;
import dev.tocsin.incidents.config.SeverityPolicy;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:53:03Z");
  private static final Route ROOT = Route.root(List.of("default"), GroupBy.of(List.of("alertname", "service")));
  private static final Duration QUIET = Duration.ofMinutes(5);
  /** Resolves as soon as the last alert resolves. */
  private final IncidentLifecycle lifecycle = new IncidentLifecycle(SeverityPolicy.defaults(), Duration.ZERO);
  /** Monitors for a quiet period first. */
  private final IncidentLifecycle monitoring = new IncidentLifecycle(SeverityPolicy.defaults(), QUIET);

  private static AlertObservation alert(String fp, String instance, AlertStatus status, Severity severity) {
    return new AlertObservation(fp, status,
        Map.of("alertname", "HighErrorRate", "service", "checkout", "instance", instance),
        Map.of("summary", "5xx on " + instance), T0, status == AlertStatus.RESOLVED ? T0.plusSeconds(60) : null,
        severity, null);
  }

  private Transition apply(IncidentState latest, AlertObservation alert, Instant now) {
    return lifecycle.apply(latest, RouteMatch.of(ROOT, alert.labels()).groupKey(), ROOT.id(),
        RouteMatch.of(ROOT, alert.labels()).groupLabels(),
        alert, now);
  }

  @Test
  void firingAlertWithoutIncidentOpensOneAtTheAlertsSeverity() {
    Transition t = apply(null, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P0), T0);

    assertThat(t).isInstanceOf(Transition.Opened.class);
    IncidentState incident = ((Transition.Opened) t).incident();
    assertThat(incident.id()).matches("INC-[0-9A-HJKMNP-TV-Z]{8}");
    assertThat(incident.status()).isEqualTo(IncidentStatus.TRIGGERED);
    assertThat(incident.publicStatus()).isEqualTo(PublicStatus.INVESTIGATING);
    assertThat(incident.severity()).isEqualTo(Severity.P0);
    assertThat(incident.title()).isEqualTo("HighErrorRate on checkout");
    assertThat(incident.groupLabels()).containsExactly(Map.entry("alertname", "HighErrorRate"),
        Map.entry("service", "checkout"));
    assertThat(((Transition.Opened) t).events()).extracting(TimelineEntry::type, TimelineEntry::sequence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(IncidentEventType.OPENED, 1L));
  }

  @Test
  void aChangeThatLeavesTheAlertsAloneSharesThemAndAnAlertChangeCopiesThemOnce() {
    IncidentState open = ((Transition.Opened) apply(null, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P2),
        T0)).incident();
    IncidentState acknowledged = open.toBuilder().status(IncidentStatus.ACKNOWLEDGED).build();
    assertThat(acknowledged.alerts()).isSameAs(open.alerts());

    IncidentState two = ((Transition.AlertAttached) apply(open, alert("b", "checkout-2", AlertStatus.FIRING,
        Severity.P2), T0.plusSeconds(1))).incident();
    assertThat(two.alerts()).isNotSameAs(open.alerts()).containsOnlyKeys("a", "b");
    assertThat(open.alerts()).as("the earlier state is unchanged").containsOnlyKeys("a");
    assertThat(two.alerts().keySet()).containsExactly("a", "b");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.alerts().put("c", two.alerts().get("a")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aThirdServiceRaisesABigIncidentToP0AndAnotherAlertOfAKnownServiceDoesNot() {
    IncidentLifecycle lifecycle = new IncidentLifecycle(SeverityPolicy.defaults(), Duration.ZERO);
    IncidentState incident = null;
    for (int i = 0; i < 50; i++) {
      String service = i == 0 ? "payments" : "checkout";
      AlertObservation a = new AlertObservation("fp-" + i, AlertStatus.FIRING, Map.of("alertname", "Errors",
          "service", service), Map.of(), T0, null, Severity.P2, null);
      Transition t = lifecycle.apply(incident, "Errors", ROOT.id(), Map.of("alertname", "Errors"), a, T0);
      incident = ((Transition.Applied) t).incident();
    }
    assertThat(incident.severity()).as("two services are within the rule").isEqualTo(Severity.P2);
    AlertObservation third = new AlertObservation("fp-search", AlertStatus.FIRING, Map.of("alertname", "Errors",
        "service", "search"), Map.of(), T0, null, Severity.P2, null);
    Transition raised = lifecycle.apply(incident, "Errors", ROOT.id(), Map.of("alertname", "Errors"), third, T0);
    assertThat(((Transition.Applied) raised).incident().severity()).isEqualTo(Severity.P0);
    assertThat(((Transition.Applied) raised).events()).extracting(TimelineEntry::type)
        .contains(IncidentEventType.SEVERITY_CHANGED);
  }

  @Test
  void resolvedAlertWithoutOpenIncidentChangesNothing() {
    assertThat(apply(null, alert("a", "checkout-1", AlertStatus.RESOLVED, Severity.P0), T0))
        .isInstanceOf(Transition.NoOp.class);
  }

  @Test
  void secondAlertJoinsTheOpenIncidentAndOnlyRaisesSeverity() {
    IncidentState open = ((Transition.Opened) apply(null, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P2),
        T0)).incident();

    Transition raised = apply(open, alert("b", "checkout-2", AlertStatus.FIRING, Severity.P1), T0.plusSeconds(5));
    assertThat(raised).isInstanceOf(Transition.AlertAttached.class);
    IncidentState afterRaise = ((Transition.AlertAttached) raised).incident();
    assertThat(afterRaise.id()).isEqualTo(open.id());
    assertThat(afterRaise.severity()).isEqualTo(Severity.P1);
    assertThat(((Transition.AlertAttached) raised).events()).extracting(TimelineEntry::type)
        .containsExactly(IncidentEventType.ALERT_ADDED, IncidentEventType.SEVERITY_CHANGED);

    Transition lower = apply(afterRaise, alert("c", "checkout-3", AlertStatus.FIRING, Severity.P3), T0.plusSeconds(9));
    assertThat(((Transition.AlertAttached) lower).incident().severity()).isEqualTo(Severity.P1);
    assertThat(((Transition.AlertAttached) lower).events()).extracting(TimelineEntry::sequence).containsExactly(4L);
  }

  @Test
  void incidentResolvesOnlyWhenItsLastAlertResolves() {
    IncidentState open = ((Transition.Opened) apply(null, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P0),
        T0)).incident();
    IncidentState two = ((Transition.AlertAttached) apply(open, alert("b", "checkout-2", AlertStatus.FIRING,
        Severity.P0), T0)).incident();

    Transition first = apply(two, alert("b", "checkout-2", AlertStatus.RESOLVED, Severity.P0), T0.plusSeconds(60));
    assertThat(first).isInstanceOf(Transition.AlertResolved.class);
    IncidentState oneLeft = ((Transition.AlertResolved) first).incident();
    assertThat(oneLeft.status()).isEqualTo(IncidentStatus.TRIGGERED);
    assertThat(oneLeft.firingCount()).isEqualTo(1);

    Transition last = apply(oneLeft, alert("a", "checkout-1", AlertStatus.RESOLVED, Severity.P0), T0.plusSeconds(90));
    assertThat(last).isInstanceOf(Transition.Resolved.class);
    IncidentState resolved = ((Transition.Resolved) last).incident();
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.publicStatus()).isEqualTo(PublicStatus.RESOLVED);
    assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(90));
    assertThat(((Transition.Resolved) last).events()).extracting(TimelineEntry::type)
        .containsExactly(IncidentEventType.ALERT_RESOLVED, IncidentEventType.RESOLVED);
  }

  @Test
  void resolvedIncidentNeverTakesNewAlertsAndTheNextOneGetsANewId() {
    IncidentState open = ((Transition.Opened) apply(null, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P0),
        T0)).incident();
    IncidentState resolved = ((Transition.Resolved) apply(open, alert("a", "checkout-1", AlertStatus.RESOLVED,
        Severity.P0), T0.plusSeconds(60))).incident();

    Transition again = apply(resolved, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P0), T0.plusSeconds(600));

    assertThat(again).isInstanceOf(Transition.Opened.class);
    IncidentState second = ((Transition.Opened) again).incident();
    assertThat(second.id()).isNotEqualTo(open.id());
    assertThat(second.groupOccurrence()).isEqualTo(2);
  }

  @Test
  void knownFiringAlertWithNewDescriptionRefreshesWithoutTimelineEvent() {
    IncidentState open = ((Transition.Opened) apply(null, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P2),
        T0)).incident();
    AlertObservation changed = new AlertObservation("a", AlertStatus.FIRING, open.alerts().get("a").labels(),
        Map.of("summary", "worse now"), T0, null, Severity.P2, null);

    Transition t = apply(open, changed, T0.plusSeconds(30));

    assertThat(t).isInstanceOf(Transition.AlertRefreshed.class);
    assertThat(((Transition.AlertRefreshed) t).events()).isEmpty();
    assertThat(((Transition.AlertRefreshed) t).incident().alerts().get("a").annotations())
        .containsEntry("summary", "worse now");
  }

  @Test
  void incidentIdsAreStablePerGroupAndOccurrence() {
    String key = RouteMatch.of(ROOT, Map.of("alertname", "X", "service", "y")).groupKey();
    assertThat(IncidentIds.of(key, 1)).isEqualTo(IncidentIds.of(key, 1));
    assertThat(IncidentIds.of(key, 1)).isNotEqualTo(IncidentIds.of(key, 2));
    assertThat(IncidentIds.of(key, 1)).isNotEqualTo(IncidentIds.of(RouteMatch.of(ROOT, Map.of("alertname", "X")).groupKey(), 1));
  }

  private Transition applyMonitoring(IncidentState latest, AlertObservation alert, Instant now) {
    return monitoring.apply(latest, RouteMatch.of(ROOT, alert.labels()).groupKey(), ROOT.id(),
        RouteMatch.of(ROOT, alert.labels()).groupLabels(),
        alert, now);
  }

  @Test
  void lastAlertResolvingPutsTheIncidentIntoMonitoringWithoutResolvingIt() {
    IncidentState open = ((Transition.Opened) applyMonitoring(null, alert("a", "checkout-1", AlertStatus.FIRING,
        Severity.P0), T0)).incident();

    Transition t = applyMonitoring(open, alert("a", "checkout-1", AlertStatus.RESOLVED, Severity.P0),
        T0.plusSeconds(60));

    assertThat(t).isInstanceOf(Transition.Monitoring.class);
    IncidentState watched = ((Transition.Monitoring) t).incident();
    assertThat(watched.status()).isEqualTo(IncidentStatus.TRIGGERED);
    assertThat(watched.publicStatus()).isEqualTo(PublicStatus.MONITORING);
    assertThat(watched.quietUntil()).isEqualTo(T0.plusSeconds(60).plus(QUIET));
    assertThat(((Transition.Monitoring) t).events()).extracting(TimelineEntry::type)
        .containsExactly(IncidentEventType.ALERT_RESOLVED);
  }

  @Test
  void alertFiringAgainWhileMonitoringReopensTheSameIncident() {
    IncidentState open = ((Transition.Opened) applyMonitoring(null, alert("a", "checkout-1", AlertStatus.FIRING,
        Severity.P0), T0)).incident();
    IncidentState watched = ((Transition.Monitoring) applyMonitoring(open, alert("a", "checkout-1",
        AlertStatus.RESOLVED, Severity.P0), T0.plusSeconds(60))).incident();

    Transition flap = applyMonitoring(watched, alert("a", "checkout-1", AlertStatus.FIRING, Severity.P0),
        T0.plusSeconds(120));

    assertThat(flap).isInstanceOf(Transition.AlertAttached.class);
    IncidentState again = ((Transition.AlertAttached) flap).incident();
    assertThat(again.id()).isEqualTo(open.id());
    assertThat(again.publicStatus()).isEqualTo(PublicStatus.INVESTIGATING);
    assertThat(again.quietUntil()).isNull();
    assertThat(again.reopenCount()).isEqualTo(1);
    assertThat(((Transition.AlertAttached) flap).events()).extracting(TimelineEntry::type)
        .containsExactly(IncidentEventType.REOPENED);
    assertThat(monitoring.quietPeriodElapsed(again, T0.plus(Duration.ofHours(1))))
        .isInstanceOf(Transition.NoOp.class);
  }

  @Test
  void monitoringIncidentResolvesOnlyOnceItsQuietPeriodHasPassed() {
    IncidentState open = ((Transition.Opened) applyMonitoring(null, alert("a", "checkout-1", AlertStatus.FIRING,
        Severity.P0), T0)).incident();
    IncidentState watched = ((Transition.Monitoring) applyMonitoring(open, alert("a", "checkout-1",
        AlertStatus.RESOLVED, Severity.P0), T0)).incident();

    assertThat(monitoring.quietPeriodElapsed(watched, T0.plus(QUIET).minusMillis(1)))
        .isInstanceOf(Transition.NoOp.class);
    Transition done = monitoring.quietPeriodElapsed(watched, T0.plus(QUIET));

    assertThat(done).isInstanceOf(Transition.Resolved.class);
    IncidentState resolved = ((Transition.Resolved) done).incident();
    assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(resolved.publicStatus()).isEqualTo(PublicStatus.RESOLVED);
    assertThat(resolved.quietUntil()).isNull();
    assertThat(((Transition.Resolved) done).events()).extracting(TimelineEntry::type, TimelineEntry::sequence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(IncidentEventType.RESOLVED, 3L));
    assertThat(monitoring.quietPeriodElapsed(resolved, T0.plus(QUIET).plusSeconds(1)))
        .as("a resolved incident does not resolve twice").isInstanceOf(Transition.NoOp.class);
  }
}
