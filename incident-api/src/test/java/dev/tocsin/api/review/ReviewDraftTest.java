package dev.tocsin.api.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.Actor;
import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.Incident;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReviewDraftTest {
  private static final String ID = "INC-7K2M9QXD";
  private static final Instant OPENED = Instant.parse("2026-03-14T10:00:00Z");
  private static final Instant FIRST_ALERT = Instant.parse("2026-03-14T09:57:30Z");
  private static final Instant SECOND_ALERT = Instant.parse("2026-03-14T09:58:45Z");
  private static final Instant ACKNOWLEDGED = Instant.parse("2026-03-14T10:04:00Z");
  private static final Instant MONITORING = Instant.parse("2026-03-14T10:30:00Z");
  private static final Instant RESOLVED = Instant.parse("2026-03-14T10:45:30Z");
  private static final Actor SYSTEM = new Actor("system", "incident-streams", null);
  private static final Actor ALICE = new Actor("user", "U024BE7LH", "alice");

  @Test
  void theMarkdownOfAResolvedIncidentMatchesTheGoldenFile() throws IOException {
    String markdown = ReviewDraft.of(resolvedIncident(), shuffledTimeline()).markdown();

    assertThat(markdown).isEqualTo(golden("/review/golden-review.md"));
  }

  @Test
  void theSameSnapshotAndTimelineGiveTheSameText() {
    String first = ReviewDraft.of(resolvedIncident(), shuffledTimeline()).markdown();
    String second = ReviewDraft.of(resolvedIncident(), shuffledTimeline()).markdown();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void theTimelineIsInSequenceOrderWhateverOrderItWasGivenIn() {
    ReviewDraft draft = ReviewDraft.of(resolvedIncident(), shuffledTimeline());

    assertThat(draft.timeline()).extracting(IncidentEvent::getSequence)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void keyTimesComeFromTheEarliestAlertTheSnapshotAndTheFirstMonitoringEvent() {
    ReviewDraft draft = ReviewDraft.of(resolvedIncident(), shuffledTimeline());

    assertThat(draft.detected()).isEqualTo(FIRST_ALERT);
    assertThat(draft.opened()).isEqualTo(OPENED);
    assertThat(draft.acknowledged()).isEqualTo(ACKNOWLEDGED);
    assertThat(draft.mitigated()).isEqualTo(MONITORING);
    assertThat(draft.resolved()).isEqualTo(RESOLVED);
    assertThat(draft.timeToDetect()).isEqualTo(Duration.ofSeconds(150));
    assertThat(draft.timeToAcknowledge()).contains(Duration.ofMinutes(4));
    assertThat(draft.timeToResolve()).contains(Duration.ofMinutes(45).plusSeconds(30));
    assertThat(draft.services()).containsExactly("checkout", "payments");
  }

  @Test
  void anIncidentThatNeverWentToMonitoringHasNoMitigation() {
    List<IncidentEvent> timeline = shuffledTimeline().stream()
        .filter(e -> e.getPublicStatus() != PublicStatus.MONITORING).toList();

    ReviewDraft draft = ReviewDraft.of(resolvedIncident(), timeline);

    assertThat(draft.mitigated()).isNull();
    assertThat(draft.markdown()).contains("| Mitigated (monitoring) | – | – |\n");
  }

  @Test
  void aDeclaredIncidentWithoutAlertsIsDetectedWhenItOpened() {
    Incident declared = base().setManual(true).setAlerts(List.of()).setGroupLabels(new HashMap<>())
        .setClassification("security").build();

    ReviewDraft draft = ReviewDraft.of(declared, List.of(event(1, IncidentEventType.OPENED, OPENED, ALICE,
        "Declared by alice", null, IncidentStatus.TRIGGERED, PublicStatus.INVESTIGATING)));

    assertThat(draft.detected()).isEqualTo(OPENED);
    assertThat(draft.timeToDetect()).isEqualTo(Duration.ZERO);
    assertThat(draft.services()).isEmpty();
    assertThat(draft.markdown())
        .contains("| Detected (first alert started, or declared) | 2026-03-14 10:00:00 UTC | 0s |\n")
        .contains("- **Time to detect (MTTD):** 0s\n")
        .contains("- **Services:** none named\n")
        .contains("- **Classification:** security\n")
        .contains("| 1 | 2026-03-14 10:00:00 UTC | opened | alice | Declared by alice |\n");
  }

  @Test
  void anAlertThatStartedAfterTheOpeningDoesNotMoveDetectionPastIt() {
    Incident skewed = base().setAlerts(List.of(alert("f1", "checkout", OPENED.plusSeconds(20)))).build();

    ReviewDraft draft = ReviewDraft.of(skewed, List.of());

    assertThat(draft.detected()).isEqualTo(OPENED);
    assertThat(draft.timeToDetect()).isEqualTo(Duration.ZERO);
  }

  @Test
  void anOpenIncidentIsOngoingAndNotResolved() {
    Incident open = base().setStatus(IncidentStatus.TRIGGERED).setPublicStatus(PublicStatus.INVESTIGATING)
        .setAcknowledgedAt(null).setResolvedAt(null).build();

    ReviewDraft draft = ReviewDraft.of(open, List.of(event(1, IncidentEventType.OPENED, OPENED, SYSTEM,
        "Opened", null, IncidentStatus.TRIGGERED, PublicStatus.INVESTIGATING)));

    assertThat(draft.timeToAcknowledge()).isEmpty();
    assertThat(draft.timeToResolve()).isEmpty();
    assertThat(draft.markdown())
        .contains("- **Status:** triggered (public: investigating)\n")
        .contains("- **Duration:** ongoing\n")
        .contains("| Acknowledged | – | – |\n")
        .contains("| Resolved | – | – |\n")
        .contains("- **Time to acknowledge (MTTA):** not acknowledged\n")
        .contains("- **Time to resolve (MTTR):** not resolved\n")
        .contains("\n0 escalation(s), 0 notification(s) delivered, 0 failed.\n");
  }

  @Test
  void anIncidentWithoutAnImpactDescriptionAsksForOne() {
    Incident incident = base().setImpactDescription(null).build();

    String markdown = ReviewDraft.of(incident, List.of()).markdown();

    assertThat(markdown).contains("## Impact\n\nTODO: who was affected, how, and for how long.\n\n## Timeline");
  }

  @Test
  void aBlankImpactDescriptionAlsoAsksForOne() {
    Incident incident = base().setImpactDescription("  \n ").build();

    String markdown = ReviewDraft.of(incident, List.of()).markdown();

    assertThat(markdown).contains("## Impact\n\nTODO: who was affected, how, and for how long.\n\n## Timeline");
  }

  @Test
  void aFalsePositiveIsMarkedInTheSummary() {
    Incident incident = base().setFalsePositive(true).build();

    assertThat(ReviewDraft.of(incident, List.of()).markdown()).contains("- **False positive:** yes\n");
    assertThat(ReviewDraft.of(base().build(), List.of()).markdown()).doesNotContain("False positive");
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in = ReviewDraftTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Resolved, acknowledged, with two alerts that started before the opening and an impact. */
  private static Incident resolvedIncident() {
    return base().build();
  }

  private static Incident.Builder base() {
    return Incident.newBuilder()
        .setId(ID)
        .setGroupKey("{}:{alertname=\"HighErrorRate\"}")
        .setGroupLabels(new HashMap<>(Map.of("alertname", "HighErrorRate")))
        .setTitle("Checkout error rate above 5%")
        .setDescription("Checkout returned 5xx for card payments after deploy 4711.\n")
        .setSeverity(Severity.P1)
        .setStatus(IncidentStatus.RESOLVED)
        .setPublicStatus(PublicStatus.RESOLVED)
        .setOpenedAt(OPENED)
        .setAcknowledgedAt(ACKNOWLEDGED)
        .setResolvedAt(RESOLVED)
        .setUpdatedAt(RESOLVED)
        .setReceivers(List.of("payments-oncall"))
        .setAssignee(ALICE)
        .setAffectedComponents(List.of("checkout_api", "payments"))
        .setImpactDescription("About 12% of checkout attempts failed for 30 minutes.")
        .setAlerts(List.of(alert("a1f0c3d2e4b5a697", "payments", SECOND_ALERT),
            alert("0b1c2d3e4f5a6b7c", "checkout", FIRST_ALERT)))
        .setEventSeq(9L);
  }

  private static IncidentAlert alert(String fingerprint, String service, Instant startsAt) {
    return IncidentAlert.newBuilder()
        .setFingerprint(fingerprint)
        .setStatus(AlertStatus.RESOLVED)
        .setLabels(Map.of("alertname", "HighErrorRate", "service", service))
        .setStartsAt(startsAt)
        .setEndsAt(MONITORING)
        .setSeverity(Severity.P1)
        .build();
  }

  /** Events 1 to 9, deliberately out of order (the late monitoring delivery failure before the change). */
  private static List<IncidentEvent> shuffledTimeline() {
    IncidentStatus triggered = IncidentStatus.TRIGGERED;
    IncidentStatus acked = IncidentStatus.ACKNOWLEDGED;
    List<IncidentEvent> events = new ArrayList<>();
    events.add(event(8, IncidentEventType.NOTIFICATION_FAILED, MONITORING.plusSeconds(5), SYSTEM,
        "HTTP 503 from the status page", "statuspage", acked, PublicStatus.MONITORING));
    events.add(event(2, IncidentEventType.ALERT_ADDED, OPENED.plusSeconds(40), SYSTEM,
        "Alert HighErrorRate (service payments) joined", null, triggered, PublicStatus.INVESTIGATING));
    events.add(event(9, IncidentEventType.RESOLVED, RESOLVED, SYSTEM,
        "All alerts resolved", null, IncidentStatus.RESOLVED, PublicStatus.RESOLVED));
    events.add(event(1, IncidentEventType.OPENED, OPENED, SYSTEM,
        "Opened by alert HighErrorRate", null, triggered, PublicStatus.INVESTIGATING));
    events.add(event(5, IncidentEventType.ACKNOWLEDGED, ACKNOWLEDGED, ALICE,
        "Acknowledged from Slack", null, acked, PublicStatus.INVESTIGATING));
    events.add(event(3, IncidentEventType.NOTIFIED, OPENED.plusSeconds(60), SYSTEM,
        "Sent to Slack #payments", "payments-oncall", triggered, PublicStatus.INVESTIGATING));
    events.add(event(7, IncidentEventType.STATUS_CHANGED, MONITORING, ALICE,
        "Status: monitoring", null, acked, PublicStatus.MONITORING));
    events.add(event(6, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(900), ALICE,
        "Rolled back deploy 4711 | error rate falling\nwatching p99", null, acked, PublicStatus.IDENTIFIED));
    events.add(event(4, IncidentEventType.ESCALATED, OPENED.plusSeconds(180), SYSTEM,
        "Escalated to level 2: sre-pager", "sre-pager", triggered, PublicStatus.INVESTIGATING));
    return events;
  }

  private static IncidentEvent event(long sequence, IncidentEventType type, Instant at, Actor actor, String message,
      String receiver, IncidentStatus status, PublicStatus publicStatus) {
    return IncidentEvent.newBuilder()
        .setEventId(ID + ":" + sequence)
        .setIncidentId(ID)
        .setSequence(sequence)
        .setType(type)
        .setOccurredAt(at)
        .setActor(actor)
        .setMessage(message)
        .setReceiver(receiver)
        .setSeverity(Severity.P1)
        .setStatus(status)
        .setPublicStatus(publicStatus)
        .build();
  }
}
