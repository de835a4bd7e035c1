package dev.tocsin.api.status;

import static dev.tocsin.api.status.StatusFixtures.event;
import static dev.tocsin.api.status.StatusFixtures.open;
import static dev.tocsin.api.status.StatusFixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatuspageJsonTest {
  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> STATES = Set.of("operational", "degraded_performance", "partial_outage",
      "major_outage", "under_maintenance");
  private static final IncidentSummary OPEN = open("INC-OPEN", Severity.P1, NOW.minusSeconds(3600), "checkout");
  private static final IncidentSummary PAST = resolved("INC-PAST", Severity.P0, NOW.minus(Duration.ofDays(2)),
      NOW.minus(Duration.ofDays(1)), "postgres");
  private static final StatuspageJson JSON = json();

  @Test
  void statusHasThePageAndItsIndicator() throws Exception {
    JsonNode status = roundTrip(JSON.status());

    assertThat(names(status)).containsExactly("page", "status");
    assertThat(names(status.get("page"))).containsExactly("id", "name", "url", "time_zone", "updated_at");
    assertThat(status.at("/page/id").asText()).isEqualTo("tocsin");
    assertThat(status.at("/page/name").asText()).isEqualTo("Acme Status");
    assertThat(status.at("/page/url").asText()).isEqualTo("/status");
    assertThat(status.at("/page/time_zone").asText()).isEqualTo("Etc/UTC");
    assertThat(status.at("/page/updated_at").asText()).isEqualTo("2026-12-10T12:00:00Z");
    assertThat(names(status.get("status"))).containsExactly("indicator", "description");
    assertThat(status.at("/status/indicator").asText()).isEqualTo("major");
    assertThat(status.at("/status/description").asText()).isEqualTo("Partial System Outage");
  }

  @Test
  void componentsListTheGroupsFirstThenEveryComponentWithItsGroupsId() throws Exception {
    JsonNode components = roundTrip(JSON.components()).get("components");

    assertThat(components).extracting(c -> c.get("id").asText())
        .containsExactly("group-core-services-ea7e80df", "group-marketing-f5904cf7", "api", "db", "cdn", "docs");
    assertThat(components).extracting(c -> c.get("position").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(components).extracting(c -> c.get("status").asText()).allMatch(STATES::contains)
        .containsExactly("partial_outage", "operational", "partial_outage", "operational", "under_maintenance",
            "operational");
    JsonNode core = components.get(0);
    assertThat(core.get("name").asText()).isEqualTo("Core Services");
    assertThat(core.get("group").asBoolean()).isTrue();
    assertThat(core.get("group_id").isNull()).isTrue();
    assertThat(core.get("components")).extracting(JsonNode::asText).containsExactly("api", "db");
    assertThat(components.get(1).get("components")).extracting(JsonNode::asText).containsExactly("docs");
    JsonNode api = components.get(2);
    assertThat(api.get("name").asText()).isEqualTo("Public API");
    assertThat(api.get("description").asText()).isEqualTo("REST and webhooks");
    assertThat(api.get("group").asBoolean()).isFalse();
    assertThat(api.get("page_id").asText()).isEqualTo("tocsin");
    assertThat(api.has("components")).isFalse();
    assertThat(components).extracting(c -> c.get("group_id").isNull() ? null : c.get("group_id").asText())
        .containsExactly(null, null, "group-core-services-ea7e80df", "group-core-services-ea7e80df", null,
            "group-marketing-f5904cf7");
    assertThat(components.get(4).get("description").isNull()).isTrue();
  }

  @Test
  void incidentsListTheOpenThenTheResolvedWithTheirUpdatesAndComponents() throws Exception {
    JsonNode incidents = roundTrip(JSON.incidents(false)).get("incidents");

    assertThat(incidents).extracting(i -> i.get("id").asText()).containsExactly("INC-OPEN", "INC-PAST");
    JsonNode open = incidents.get(0);
    assertThat(open.get("name").asText()).isEqualTo("Incident INC-OPEN");
    assertThat(open.get("status").asText()).isEqualTo("investigating");
    assertThat(open.get("impact").asText()).isEqualTo("major");
    assertThat(open.get("created_at").asText()).isEqualTo("2026-12-10T11:00:00Z");
    assertThat(open.get("resolved_at").isNull()).isTrue();
    assertThat(open.get("shortlink").asText()).isEqualTo("/status#INC-OPEN");
    assertThat(open.get("page_id").asText()).isEqualTo("tocsin");
    JsonNode updates = open.get("incident_updates");
    assertThat(updates).extracting(u -> u.get("id").asText()).containsExactly("INC-OPEN:2", "INC-OPEN:1");
    JsonNode update = updates.get(0);
    assertThat(names(update)).contains("id", "status", "body", "created_at", "display_at", "affected_components");
    assertThat(update.get("status").asText()).isEqualTo("identified");
    assertThat(update.get("body").asText()).isEqualTo("A bad deploy; rolling back.");
    assertThat(update.get("created_at").asText()).isEqualTo("2026-12-10T11:30:00Z");
    assertThat(update.get("display_at").asText()).isEqualTo("2026-12-10T11:30:00Z");
    assertThat(update.get("incident_id").asText()).isEqualTo("INC-OPEN");
    JsonNode affected = update.get("affected_components");
    assertThat(affected).hasSize(1);
    assertThat(affected.get(0).get("code").asText()).isEqualTo("api");
    assertThat(affected.get(0).get("name").asText()).isEqualTo("Public API");
    assertThat(affected.get(0).get("new_status").asText()).isEqualTo("partial_outage");
    assertThat(open.get("components")).hasSize(1);
    assertThat(open.at("/components/0/id").asText()).isEqualTo("api");
    assertThat(open.at("/components/0/name").asText()).isEqualTo("Public API");
    assertThat(open.at("/components/0/status").asText()).isEqualTo("partial_outage");
    JsonNode past = incidents.get(1);
    assertThat(past.get("status").asText()).isEqualTo("resolved");
    assertThat(past.get("impact").asText()).isEqualTo("critical");
    assertThat(past.get("resolved_at").asText()).isEqualTo("2026-12-09T12:00:00Z");
    assertThat(past.at("/incident_updates/0/status").asText()).isEqualTo("resolved");
    assertThat(past.at("/incident_updates/0/body").asText()).isEqualTo("This incident has been resolved.");
    assertThat(past.at("/components/0/id").asText()).isEqualTo("db");
  }

  @Test
  void unresolvedIncidentsAreOnlyTheOpenOnes() throws Exception {
    JsonNode unresolved = roundTrip(JSON.incidents(true));

    assertThat(names(unresolved)).containsExactly("page", "incidents");
    assertThat(unresolved.get("incidents")).extracting(i -> i.get("id").asText()).containsExactly("INC-OPEN");
  }

  @Test
  void scheduledMaintenancesHaveTheirWindowAndStatus() throws Exception {
    JsonNode maintenances = roundTrip(JSON.maintenances()).get("scheduled_maintenances");

    assertThat(maintenances).extracting(m -> m.get("id").asText()).containsExactly("mw-done", "mw-now", "mw-next");
    assertThat(maintenances).extracting(m -> m.get("status").asText())
        .containsExactly("completed", "in_progress", "scheduled");
    assertThat(maintenances).extracting(m -> m.get("impact").asText()).containsOnly("maintenance");
    JsonNode now = maintenances.get(1);
    assertThat(now.get("name").asText()).isEqualTo("CDN cut-over");
    assertThat(now.get("scheduled_for").asText()).isEqualTo("2026-12-10T11:00:00Z");
    assertThat(now.get("scheduled_until").asText()).isEqualTo("2026-12-10T13:00:00Z");
    assertThat(now.get("resolved_at").isNull()).isTrue();
    assertThat(now.at("/incident_updates/0/body").asText()).isEqualTo("Some requests may be slow.");
    assertThat(now.at("/incident_updates/0/status").asText()).isEqualTo("in_progress");
    assertThat(now.at("/components/0/id").asText()).isEqualTo("cdn");
    assertThat(now.at("/components/0/status").asText()).isEqualTo("under_maintenance");
    assertThat(maintenances.get(0).get("resolved_at").asText()).isEqualTo("2026-12-09T03:00:00Z");
    assertThat(maintenances.get(2).get("incident_updates")).isEmpty();
  }

  @Test
  void theSummaryHasComponentsUnresolvedIncidentsComingMaintenanceAndTheStatus() throws Exception {
    JsonNode summary = roundTrip(JSON.summary());

    assertThat(names(summary)).containsExactly("page", "components", "incidents", "scheduled_maintenances", "status");
    assertThat(summary.get("components")).isEqualTo(roundTrip(JSON.components()).get("components"));
    assertThat(summary.get("incidents")).extracting(i -> i.get("id").asText()).containsExactly("INC-OPEN");
    assertThat(summary.get("scheduled_maintenances")).extracting(m -> m.get("id").asText())
        .containsExactly("mw-now", "mw-next");
    assertThat(summary.at("/status/indicator").asText()).isEqualTo("major");
    assertThat(summary.at("/status/description").asText()).isEqualTo("Partial System Outage");
  }

  private static StatuspageJson json() {
    StatusPageConfig config = new StatusPageConfig("Acme Status", List.of(
        new StatusPageConfig.Component("api", "Public API", "REST and webhooks", "Core Services", Set.of("checkout"),
            null),
        new StatusPageConfig.Component("db", "Database", "Primary store", "Core Services", Set.of("postgres"),
            null),
        new StatusPageConfig.Component("cdn", "CDN", null, null, Set.of("edge"), null),
        new StatusPageConfig.Component("docs", "Docs", "Guides", "Marketing", Set.of("docs"), null)),
        StatusPageConfig.DEFAULT_STATES, List.of(
            new StatusPageConfig.Maintenance("mw-done", "Database upgrade", "Writes pause.", List.of("db"),
                Instant.parse("2026-12-09T02:00:00Z"), Instant.parse("2026-12-09T03:00:00Z")),
            new StatusPageConfig.Maintenance("mw-now", "CDN cut-over", "Some requests may be slow.", List.of("cdn"),
                Instant.parse("2026-12-10T11:00:00Z"), Instant.parse("2026-12-10T13:00:00Z")),
            new StatusPageConfig.Maintenance("mw-next", "Docs move", null, List.of("docs"),
                Instant.parse("2026-12-11T08:00:00Z"), Instant.parse("2026-12-11T09:00:00Z"))));
    StatusView view = StatusView.of(config, List.of(OPEN, PAST), NOW);
    List<PublicIncident> active = List.of(PublicIncident.of(OPEN, List.of("api"), List.of(
        event("INC-OPEN", 1, IncidentEventType.OPENED, NOW.minusSeconds(3600), PublicStatus.INVESTIGATING, null),
        event("INC-OPEN", 2, IncidentEventType.UPDATE_POSTED, NOW.minusSeconds(1800), PublicStatus.IDENTIFIED,
            "[identified] A bad deploy; rolling back."))));
    List<PublicIncident> history = List.of(PublicIncident.of(PAST, List.of("db"), List.of(
        event("INC-PAST", 1, IncidentEventType.OPENED, PAST.openedAt(), PublicStatus.INVESTIGATING, null),
        event("INC-PAST", 2, IncidentEventType.RESOLVED, PAST.resolvedAt(), PublicStatus.RESOLVED, null))));
    return new StatuspageJson(MAPPER, view, active, history);
  }

  /** {@code node} as a client reads it: written and parsed again. */
  private static JsonNode roundTrip(ObjectNode node) throws Exception {
    return MAPPER.readTree(MAPPER.writeValueAsString(node));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
