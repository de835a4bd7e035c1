package dev.tocsin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tocsin.api.status.ComponentState;
import dev.tocsin.api.status.StatusPageConfig;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiFileSettingsStatusPageTest {
  @TempDir
  Path dir;

  @Test
  void readsAStatusPageWithEveryField() throws IOException {
    Path file = write("""
        status_page:
          title: Acme Status
          components:
            - id: api
              name: Public API
              description: REST and webhooks
              group: Core
              services: [checkout, payments]
            - id: db
              name: Database
              status: under_maintenance
          severity_states:
            P2: operational
            p3: partial_outage
          maintenance:
            - id: mw-1
              name: Database upgrade
              message: Writes pause for a minute.
              components: [db]
              starts_at: 2026-12-12T02:00:00Z
              ends_at: "2026-12-12T04:00:00+01:00"
        """);

    StatusPageConfig page = ApiFileSettings.read(file, Map.of()).statusPage();

    assertThat(page.title()).isEqualTo("Acme Status");
    assertThat(page.components()).containsExactly(
        new StatusPageConfig.Component("api", "Public API", "REST and webhooks", "Core",
            Set.of("checkout", "payments"), null),
        new StatusPageConfig.Component("db", "Database", null, null, Set.of(), ComponentState.UNDER_MAINTENANCE));
    assertThat(page.severityStates()).isEqualTo(Map.of(Severity.P0, ComponentState.MAJOR_OUTAGE,
        Severity.P1, ComponentState.PARTIAL_OUTAGE, Severity.P2, ComponentState.OPERATIONAL,
        Severity.P3, ComponentState.PARTIAL_OUTAGE));
    assertThat(page.maintenance()).containsExactly(new StatusPageConfig.Maintenance("mw-1", "Database upgrade",
        "Writes pause for a minute.", List.of("db"), Instant.parse("2026-12-12T02:00:00Z"),
        Instant.parse("2026-12-12T03:00:00Z")));
  }

  @Test
  void withoutAStatusPageThereAreNoComponents() throws IOException {
    Path file = write("""
        slos:
          - service: checkout
            objective: 99.9
        """);

    StatusPageConfig page = ApiFileSettings.read(file, Map.of()).statusPage();

    assertThat(page).isEqualTo(StatusPageConfig.NONE);
    assertThat(page.title()).isEqualTo("Status");
    assertThat(page.components()).isEmpty();
    assertThat(page.maintenance()).isEmpty();
    assertThat(page.severityStates()).isEqualTo(Map.of(Severity.P0, ComponentState.MAJOR_OUTAGE,
        Severity.P1, ComponentState.PARTIAL_OUTAGE, Severity.P2, ComponentState.DEGRADED_PERFORMANCE,
        Severity.P3, ComponentState.DEGRADED_PERFORMANCE));
  }

  @Test
  void theTitleDefaultsToStatusAndTheStatesToTheDefaults() throws IOException {
    Path file = write("""
        status_page:
          components:
            - id: api
              name: API
        """);

    StatusPageConfig page = ApiFileSettings.read(file, Map.of()).statusPage();

    assertThat(page.title()).isEqualTo("Status");
    assertThat(page.components()).containsExactly(
        new StatusPageConfig.Component("api", "API", null, null, Set.of(), null));
    assertThat(page.severityStates()).isEqualTo(StatusPageConfig.DEFAULT_STATES);
    assertThat(page.maintenance()).isEmpty();
  }

  @Test
  void reportsEveryProblemOfTheStatusPageAtOnceWithItsPath() throws IOException {
    Path file = write("""
        status_page:
          title: Acme
          theme: dark
          components:
            - id: API Gateway
              name: Gateway
            - id: db
              name: Database
            - id: db
              name: Replica
            - id: cdn
            - id: web
              name: Web
              colour: green
            - id: queue
              name: Queue
              status: broken
          severity_states:
            P1: under_maintenance
            P2: sideways
            P9: major_outage
          maintenance:
            - id: mw-1
              name: Upgrade
              components: [db, search]
              starts_at: 2026-12-12T02:00:00Z
              ends_at: 2026-12-12T01:00:00Z
            - id: mw-2
              name: Migration
              ends_at: 2026-12-12T01:00:00Z
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e).isNotNull();
    assertThat(e.problems()).containsExactly(
        "status_page.theme: unknown key",
        "status_page.components[0].id: 'API Gateway' must be lower-case letters, digits, '_' or '-'",
        "status_page.components[2].id: db is named twice",
        "status_page.components[3].name: is required",
        "status_page.components[4].colour: unknown key",
        "status_page.components[5].status: 'broken' is not one of operational, degraded_performance, "
            + "partial_outage, major_outage, under_maintenance",
        "status_page.severity_states.P1: must be one of operational, degraded_performance, partial_outage, "
            + "major_outage",
        "status_page.severity_states.P2: must be one of operational, degraded_performance, partial_outage, "
            + "major_outage",
        "status_page.severity_states.P9: 'P9' is not a severity: use P0, P1, P2 or P3",
        "status_page.maintenance[0].components[1]: search is not a component of the page",
        "status_page.maintenance[0].ends_at: must be after starts_at",
        "status_page.maintenance[1].starts_at: is required");
    assertThat(e.getMessage()).startsWith("invalid slos in " + file + ":\n  status_page.theme: unknown key");
  }

  @Test
  void aMaintenanceThatEndsWhenItStartsIsReported() throws IOException {
    Path file = write("""
        status_page:
          maintenance:
            - id: mw-1
              name: Upgrade
              starts_at: 2026-12-12T02:00:00Z
              ends_at: 2026-12-12T03:00:00+01:00
        """);

    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> ApiFileSettings.read(file, Map.of()));

    assertThat(e.problems()).containsExactly("status_page.maintenance[0].ends_at: must be after starts_at");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("tocsin.yml");
    Files.writeString(file, yaml);
    return file;
  }
}
