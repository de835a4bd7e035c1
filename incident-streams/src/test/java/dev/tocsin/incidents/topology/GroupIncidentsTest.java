package dev.tocsin.incidents.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.AlertStatus;
import dev.tocsin.avro.IncidentAlert;
import dev.tocsin.avro.IncidentEngineState;
import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.incidents.domain.AlertObservation;
import dev.tocsin.incidents.domain.IncidentState;
import dev.tocsin.schemas.Topics;
import dev.tocsin.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupIncidentsTest {
  private static final String SCOPE = "group-incidents-test";
  // One registry scope per store: the mock context names every store's changelog alike.
  private static final Map<String, String> HEADER_SERDE = Map.of("schema.registry.url", "mock://" + SCOPE + "-h");
  private static final Map<String, String> ALERT_SERDE = Map.of("schema.registry.url", "mock://" + SCOPE + "-a");
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final String GROUP = "{}:{alertname=\"HighErrorRate\"}";

  private KeyValueStore<String, IncidentEngineState> headers;
  private KeyValueStore<String, IncidentAlert> alerts;

  @BeforeEach
  void stores() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    headers = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("headers"), Serdes.String(),
        Topics.valueSerde(IncidentEngineState.class, HEADER_SERDE)).withLoggingDisabled().build();
    headers.init(context.getStateStoreContext(), headers);
    alerts = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("alerts"), Serdes.String(),
        Topics.valueSerde(IncidentAlert.class, ALERT_SERDE)).withLoggingDisabled().build();
    alerts.init(context.getStateStoreContext(), alerts);
  }

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE + "-h");
    InMemorySchemaRegistry.dropScope(SCOPE + "-a");
  }

  private static AlertObservation alert(String fingerprint, AlertStatus status) {
    return new AlertObservation(fingerprint, status, Map.of("alertname", "HighErrorRate", "fp", fingerprint),
        Map.of(), T0, null, Severity.P1, null);
  }

  private static IncidentState incident(String id, AlertObservation... observed) {
    Map<String, AlertObservation> byFingerprint = new LinkedHashMap<>();
    for (AlertObservation a : observed) {
      byFingerprint.put(a.fingerprint(), a);
    }
    return new IncidentState.Builder().id(id).groupKey(GROUP).title("HighErrorRate").severity(Severity.P1)
        .status(IncidentStatus.TRIGGERED).publicStatus(PublicStatus.INVESTIGATING).openedAt(T0).updatedAt(T0)
        .alerts(byFingerprint).build();
  }

  private List<String> storedAlerts() {
    List<String> all = new ArrayList<>();
    try (KeyValueIterator<String, IncidentAlert> it = alerts.all()) {
      it.forEachRemaining(kv -> all.add(kv.value.getFingerprint() + " " + kv.value.getStatus()));
    }
    return all;
  }

  @Test
  void aChangeWritesTheHeaderAndOnlyTheAlertsThatChanged() {
    GroupIncidents groups = new GroupIncidents(headers, alerts);
    AlertObservation a = alert("a", AlertStatus.FIRING);
    AlertObservation b = alert("b", AlertStatus.FIRING);
    groups.put(GROUP, incident("INC-1", a, b), T0.plusSeconds(30));
    String keyOfA = alerts.all().next().key;
    alerts.put(keyOfA, IncidentAlert.newBuilder(alerts.get(keyOfA)).setAnnotations(Map.of("marker", "kept")).build());

    groups.put(GROUP, incident("INC-1", a, alert("b", AlertStatus.RESOLVED), alert("c", AlertStatus.FIRING)), null);

    assertThat(alerts.get(keyOfA).getAnnotations()).as("an unchanged alert is not written again")
        .containsEntry("marker", "kept");
    assertThat(storedAlerts()).containsExactly("a FIRING", "b RESOLVED", "c FIRING");
    assertThat(headers.get(GROUP).getIncident().getAlerts()).isEmpty();
    assertThat(headers.get(GROUP).getTimerAt()).isNull();
  }

  @Test
  void readBackWithoutTheCacheInArrivalOrderAndTakesNewAlertsAfterThem() {
    GroupIncidents before = new GroupIncidents(headers, alerts);
    // Arrival order, not fingerprint order: z came first.
    before.put(GROUP, incident("INC-1", alert("z", AlertStatus.FIRING), alert("a", AlertStatus.FIRING)), T0);

    GroupIncidents after = new GroupIncidents(headers, alerts);
    GroupIncidents.Entry read = after.get(GROUP);
    assertThat(read.state().alerts().keySet()).containsExactly("z", "a");
    assertThat(read.timerAt()).isEqualTo(T0);
    Map<String, AlertObservation> more = new LinkedHashMap<>(read.state().alerts());
    more.put("m", alert("m", AlertStatus.FIRING));
    after.put(GROUP, read.state().toBuilder().alerts(more).build(), T0);

    assertThat(new GroupIncidents(headers, alerts).get(GROUP).state().alerts().keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void theGroupsNextIncidentRemovesThePreviousOnesAlerts() {
    GroupIncidents groups = new GroupIncidents(headers, alerts);
    groups.put(GROUP, incident("INC-1", alert("a", AlertStatus.RESOLVED), alert("b", AlertStatus.RESOLVED)), null);

    groups.put(GROUP, incident("INC-2", alert("c", AlertStatus.FIRING)), null);

    assertThat(storedAlerts()).containsExactly("c FIRING");
    assertThat(new GroupIncidents(headers, alerts).get(GROUP).state().id()).isEqualTo("INC-2");
  }

  @Test
  void aHeaderStoredWithItsAlertsByAnEarlierVersionIsReadAndItsAlertsMovedApartOnTheNextChange() {
    IncidentState old = incident("INC-1", alert("a", AlertStatus.FIRING), alert("b", AlertStatus.FIRING));
    headers.put(GROUP, AvroMapping.stored(old, AvroMapping.incident(old), T0));
    GroupIncidents groups = new GroupIncidents(headers, alerts);

    GroupIncidents.Entry read = groups.get(GROUP);
    assertThat(read.state().alerts().keySet()).containsExactly("a", "b");
    Map<String, AlertObservation> more = new LinkedHashMap<>(read.state().alerts());
    more.put("c", alert("c", AlertStatus.FIRING));
    groups.put(GROUP, read.state().toBuilder().alerts(more).build(), T0);

    assertThat(headers.get(GROUP).getIncident().getAlerts()).isEmpty();
    assertThat(new GroupIncidents(headers, alerts).get(GROUP).state().alerts().keySet())
        .containsExactly("a", "b", "c");
  }

  @Test
  void alertKeysSortByArrival() {
    assertThat(GroupIncidents.alertKey("g", 9, "fp")).isLessThan(GroupIncidents.alertKey("g", 10, "a"));
    assertThat(GroupIncidents.alertKey("g", 255, "fp")).isEqualTo("g\u0000" + "00000000000000ff\u0000fp");
  }
}
