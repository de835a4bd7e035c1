package dev.tocsin.api.status;

import static dev.tocsin.api.status.StatusFixtures.event;
import static dev.tocsin.api.status.StatusFixtures.open;
import static dev.tocsin.api.status.StatusFixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentEvent;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicIncidentTest {
  private static final Instant OPENED = Instant.parse("2026-12-10T09:00:00Z");
  private static final IncidentSummary INCIDENT = open("INC-1", Severity.P1, OPENED, "checkout");

  @Test
  void onlyOpeningPostedUpdatesStatusChangesResolvingAndReopeningBecomeUpdates() {
    List<IncidentEvent> timeline = new ArrayList<>();
    long sequence = 0;
    for (IncidentEventType type : IncidentEventType.values()) {
      sequence++;
      timeline.add(event("INC-1", sequence, type, OPENED.plusSeconds(60 * sequence), PublicStatus.IDENTIFIED,
          "[identified] message of " + type));
    }

    PublicIncident incident = PublicIncident.of(INCIDENT, List.of("api"), timeline);

    assertThat(incident.updates()).extracting(PublicIncident.Update::id)
        .containsExactly(id(IncidentEventType.REOPENED), id(IncidentEventType.RESOLVED),
            id(IncidentEventType.STATUS_CHANGED), id(IncidentEventType.UPDATE_POSTED), id(IncidentEventType.OPENED));
  }

  @Test
  void notesReceiversAndPeopleAreNeverPublic() {
    List<IncidentEvent> timeline = List.of(
        event("INC-1", 1, IncidentEventType.OPENED, OPENED, PublicStatus.INVESTIGATING, "alice opened it"),
        event("INC-1", 2, IncidentEventType.NOTIFIED, OPENED.plusSeconds(1), PublicStatus.INVESTIGATING,
            "paged bob"),
        event("INC-1", 3, IncidentEventType.NOTE_ADDED, OPENED.plusSeconds(60), PublicStatus.INVESTIGATING,
            "customer 4711 lost their orders"),
        event("INC-1", 4, IncidentEventType.ASSIGNED, OPENED.plusSeconds(90), PublicStatus.INVESTIGATING,
            "assigned to carol"),
        event("INC-1", 5, IncidentEventType.ESCALATED, OPENED.plusSeconds(120), PublicStatus.INVESTIGATING,
            "escalated to the DBA on-call"),
        event("INC-1", 6, IncidentEventType.ALERT_ADDED, OPENED.plusSeconds(150), PublicStatus.INVESTIGATING,
            "alert db-primary-10.0.0.7 added"),
        event("INC-1", 7, IncidentEventType.ACKNOWLEDGED, OPENED.plusSeconds(180), PublicStatus.INVESTIGATING,
            "dave acknowledged"));

    PublicIncident incident = PublicIncident.of(INCIDENT, List.of("api"), timeline);

    assertThat(incident.updates()).extracting(PublicIncident.Update::id, PublicIncident.Update::body)
        .containsExactly(tuple("INC-1:1", "We are investigating this issue."));
    assertThat(incident.toString()).doesNotContain("alice", "bob", "carol", "dave", "4711", "DBA", "10.0.0.7",
        "pagerduty", "U024BE7LH");
  }

  @Test
  void eachKindOfUpdateHasItsBodyAndStatus() {
    List<IncidentEvent> timeline = List.of(
        event("INC-1", 1, IncidentEventType.OPENED, OPENED, PublicStatus.INVESTIGATING, "HighLatency fired"),
        event("INC-1", 2, IncidentEventType.STATUS_CHANGED, OPENED.plusSeconds(600), PublicStatus.IDENTIFIED,
            "status set by alice"),
        event("INC-1", 3, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(900), PublicStatus.MONITORING,
            "A fix is deployed; we are watching error rates."),
        event("INC-1", 4, IncidentEventType.RESOLVED, OPENED.plusSeconds(1800), PublicStatus.MONITORING,
            "resolved by alice"),
        event("INC-1", 5, IncidentEventType.REOPENED, OPENED.plusSeconds(2400), PublicStatus.INVESTIGATING,
            "alert fired again"));

    PublicIncident incident = PublicIncident.of(INCIDENT, List.of("api"), timeline);

    assertThat(incident.updates()).extracting(PublicIncident.Update::id, PublicIncident.Update::status,
        PublicIncident.Update::body, PublicIncident.Update::at).containsExactly(
        tuple("INC-1:5", "investigating", "We are investigating this issue again.", OPENED.plusSeconds(2400)),
        tuple("INC-1:4", "resolved", "This incident has been resolved.", OPENED.plusSeconds(1800)),
        tuple("INC-1:3", "monitoring", "A fix is deployed; we are watching error rates.", OPENED.plusSeconds(900)),
        tuple("INC-1:2", "identified", "Status: identified.", OPENED.plusSeconds(600)),
        tuple("INC-1:1", "investigating", "We are investigating this issue.", OPENED));
  }

  @Test
  void theStatusPrefixOfAPostedUpdateIsStripped() {
    List<IncidentEvent> timeline = List.of(
        event("INC-1", 1, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(1), PublicStatus.IDENTIFIED,
            "[identified] A bad deploy; rolling back."),
        event("INC-1", 2, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(2), PublicStatus.MONITORING,
            "[monitoring] Error rates are back to normal."),
        event("INC-1", 3, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(3), PublicStatus.IDENTIFIED,
            "We [identified] the cause."),
        event("INC-1", 4, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(4), PublicStatus.IDENTIFIED, null));

    PublicIncident incident = PublicIncident.of(INCIDENT, List.of("api"), timeline);

    assertThat(incident.updates()).extracting(PublicIncident.Update::body).containsExactly("",
        "We [identified] the cause.", "Error rates are back to normal.", "A bad deploy; rolling back.");
  }

  @Test
  void updatesAreNewestFirstWhateverTheTimelinesOrder() {
    List<IncidentEvent> timeline = List.of(
        event("INC-1", 3, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(300), PublicStatus.IDENTIFIED, "c"),
        event("INC-1", 1, IncidentEventType.OPENED, OPENED, PublicStatus.INVESTIGATING, null),
        event("INC-1", 4, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(400), PublicStatus.MONITORING, "d"),
        event("INC-1", 2, IncidentEventType.UPDATE_POSTED, OPENED.plusSeconds(200), PublicStatus.IDENTIFIED, "b"));

    PublicIncident incident = PublicIncident.of(INCIDENT, List.of("api"), timeline);

    assertThat(incident.updates()).extracting(PublicIncident.Update::id)
        .containsExactly("INC-1:4", "INC-1:3", "INC-1:2", "INC-1:1");
  }

  @Test
  void anOpenIncidentShowsItsPublicStatusAndImpact() {
    IncidentSummary identified = new IncidentSummary("INC-9", "{}:{}", "Checkout is slow", Severity.P0,
        IncidentStatus.ACKNOWLEDGED, PublicStatus.IDENTIFIED, OPENED, OPENED.plusSeconds(600), null,
        Set.of("checkout"), List.of(), Map.of(), "U024BE7LH", 2, 2, 5L, OPENED, OPENED, false);

    PublicIncident incident = PublicIncident.of(identified, List.of("api", "db"), List.of());

    assertThat(incident.id()).isEqualTo("INC-9");
    assertThat(incident.name()).isEqualTo("Checkout is slow");
    assertThat(incident.status()).isEqualTo("identified");
    assertThat(incident.impact()).isEqualTo("critical");
    assertThat(incident.createdAt()).isEqualTo(OPENED);
    assertThat(incident.updatedAt()).isEqualTo(OPENED.plusSeconds(600));
    assertThat(incident.resolvedAt()).isNull();
    assertThat(incident.componentIds()).containsExactly("api", "db");
    assertThat(incident.updates()).isEmpty();
  }

  @Test
  void aResolvedIncidentIsResolved() {
    IncidentSummary summary = resolved("INC-2", Severity.P3, OPENED, OPENED.plusSeconds(3600), "checkout");

    PublicIncident incident = PublicIncident.of(summary, List.of("api"), List.of());

    assertThat(incident.status()).isEqualTo("resolved");
    assertThat(incident.impact()).isEqualTo("minor");
    assertThat(incident.resolvedAt()).isEqualTo(OPENED.plusSeconds(3600));
  }

  private static String id(IncidentEventType type) {
    return "INC-1:" + (type.ordinal() + 1);
  }
}
