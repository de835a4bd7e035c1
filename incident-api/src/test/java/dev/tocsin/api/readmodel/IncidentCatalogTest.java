package dev.tocsin.api.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.avro.IncidentStatus;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class IncidentCatalogTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private final IncidentCatalog catalog = new IncidentCatalog();

  @Test
  void listsNewestFirstByOpeningTimeThenById() {
    catalog.put(summary("INC-B", T0, 1));
    catalog.put(summary("INC-D", T0.plusSeconds(60), 1));
    catalog.put(summary("INC-A", T0, 1));
    catalog.put(summary("INC-C", T0.minusSeconds(60), 1));
    catalog.put(summary("INC-E", T0.plusMillis(1), 1));

    assertThat(ids(catalog.page(s -> true, null, 10))).containsExactly("INC-D", "INC-E", "INC-A", "INC-B", "INC-C");
    assertThat(ids(catalog.all(s -> true))).containsExactly("INC-D", "INC-E", "INC-A", "INC-B", "INC-C");
    assertThat(catalog.size()).isEqualTo(5);
  }

  @Test
  void aPageReturnsOneMoreThanTheLimitWhenMoreExist() {
    for (int i = 0; i < 5; i++) {
      catalog.put(summary("INC-" + i, T0.plusSeconds(i), 1));
    }

    assertThat(ids(catalog.page(s -> true, null, 3))).containsExactly("INC-4", "INC-3", "INC-2", "INC-1");
    assertThat(ids(catalog.page(s -> true, null, 5))).containsExactly("INC-4", "INC-3", "INC-2", "INC-1", "INC-0");
    assertThat(ids(catalog.page(s -> true, null, 10))).hasSize(5);
  }

  @Test
  void aPageCountsOnlyWhatTheFilterAccepts() {
    for (int i = 0; i < 10; i++) {
      catalog.put(summary("INC-" + i, T0.plusSeconds(i), 1, i % 2 == 0 ? IncidentStatus.RESOLVED
          : IncidentStatus.TRIGGERED));
    }

    assertThat(ids(catalog.page(IncidentSummary::open, null, 2))).containsExactly("INC-9", "INC-7", "INC-5");
    assertThat(ids(catalog.all(s -> !s.open()))).containsExactly("INC-8", "INC-6", "INC-4", "INC-2", "INC-0");
  }

  @Test
  void pagesAfterAPositionContinueWithoutRepeatsOrGaps() {
    List<String> expected = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      expected.add("INC-" + String.format("%02d", i));
    }
    // Inserted out of order, several in one millisecond (ties go by id).
    for (int i = 0; i < 25; i++) {
      int n = (i * 7) % 25;
      catalog.put(summary("INC-" + String.format("%02d", n), T0.plusMillis(n / 3 * 1000L), 1));
    }
    List<String> tieOrdered = ids(catalog.all(s -> true));

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    IncidentCatalog.Position after = null;
    while (true) {
      List<IncidentSummary> page = catalog.page(s -> true, after, 10);
      List<IncidentSummary> shown = page.size() > 10 ? page.subList(0, 10) : page;
      pageSizes.add(shown.size());
      seen.addAll(ids(shown));
      if (page.size() <= 10) {
        break;
      }
      IncidentSummary last = shown.get(shown.size() - 1);
      after = new IncidentCatalog.Position(last.openedAt().toEpochMilli(), last.id());
    }

    assertThat(pageSizes).containsExactly(10, 10, 5);
    assertThat(seen).hasSize(25).doesNotHaveDuplicates().containsExactlyElementsOf(tieOrdered)
        .containsExactlyInAnyOrderElementsOf(expected);
    // within one millisecond, the smaller id first
    assertThat(seen.subList(0, 4)).containsExactly("INC-24", "INC-21", "INC-22", "INC-23");
  }

  @Test
  void aPageAfterThePositionOfAnIncidentNoLongerThereStillContinuesInOrder() {
    catalog.put(summary("INC-1", T0.plusSeconds(3), 1));
    catalog.put(summary("INC-2", T0.plusSeconds(2), 1));
    catalog.put(summary("INC-3", T0.plusSeconds(1), 1));

    IncidentCatalog.Position gone = new IncidentCatalog.Position(T0.plusMillis(2500).toEpochMilli(), "INC-9");

    assertThat(ids(catalog.page(s -> true, gone, 10))).containsExactly("INC-2", "INC-3");
  }

  @Test
  void replacingASummaryKeepsOneEntry() {
    catalog.put(summary("INC-1", T0, 1));
    catalog.put(summary("INC-1", T0, 2, IncidentStatus.ACKNOWLEDGED));

    assertThat(catalog.size()).isEqualTo(1);
    assertThat(catalog.page(s -> true, null, 10)).singleElement()
        .satisfies(s -> assertThat(s.eventSeq()).isEqualTo(2L))
        .satisfies(s -> assertThat(s.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED));
    assertThat(catalog.get("INC-1")).hasValueSatisfying(s -> assertThat(s.eventSeq()).isEqualTo(2L));
  }

  @Test
  void anIncidentWhoseOpeningTimeChangesMoves() {
    catalog.put(summary("INC-1", T0, 1));
    catalog.put(summary("INC-2", T0.plusSeconds(10), 1));
    catalog.put(summary("INC-3", T0.plusSeconds(20), 1));
    assertThat(ids(catalog.all(s -> true))).containsExactly("INC-3", "INC-2", "INC-1");

    catalog.put(summary("INC-1", T0.plusSeconds(30), 2));

    assertThat(ids(catalog.all(s -> true))).containsExactly("INC-1", "INC-3", "INC-2");
    assertThat(ids(catalog.page(s -> true, null, 10))).containsExactly("INC-1", "INC-3", "INC-2");
    assertThat(catalog.size()).isEqualTo(3);
  }

  @Test
  void removeForgetsTheIncident() {
    catalog.put(summary("INC-1", T0, 1));
    catalog.put(summary("INC-2", T0.plusSeconds(1), 1));

    catalog.remove("INC-1");
    catalog.remove("INC-unknown");

    assertThat(catalog.get("INC-1")).isEmpty();
    assertThat(catalog.get("INC-2")).isPresent();
    assertThat(catalog.size()).isEqualTo(1);
    assertThat(ids(catalog.page(s -> true, null, 10))).containsExactly("INC-2");
    assertThat(ids(catalog.all(s -> true))).containsExactly("INC-2");
  }

  @Test
  void anIncidentRemovedAndPutAgainIsListedOnce() {
    catalog.put(summary("INC-1", T0, 1));
    catalog.remove("INC-1");
    catalog.put(summary("INC-1", T0.plusSeconds(5), 2));

    assertThat(catalog.all(s -> true)).singleElement()
        .satisfies(s -> assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(5)));
  }

  @Test
  void getFindsAnIncidentById() {
    IncidentSummary one = summary("INC-1", T0, 1);
    catalog.put(one);

    assertThat(catalog.get("INC-1")).contains(one);
    assertThat(catalog.get("INC-2")).isEmpty();
  }

  @Test
  void whenCompletesAtOnceWhenTheConditionAlreadyHolds() {
    IncidentSummary one = summary("INC-1", T0, 3);
    catalog.put(one);

    CompletableFuture<IncidentSummary> future = catalog.when("INC-1", s -> s.eventSeq() >= 3);

    assertThat(future).isCompletedWithValue(one);
  }

  @Test
  void whenCompletesOnALaterPutThatSatisfiesIt() {
    catalog.put(summary("INC-1", T0, 1));
    CompletableFuture<IncidentSummary> future = catalog.when("INC-1", s -> s.eventSeq() > 1);

    assertThat(future).isNotDone();

    IncidentSummary changed = summary("INC-1", T0, 2);
    catalog.put(changed);

    assertThat(future).isCompletedWithValue(changed);
  }

  @Test
  void whenWaitsForAnIncidentThatDoesNotExistYet() {
    CompletableFuture<IncidentSummary> future = catalog.when("INC-1", s -> true);

    assertThat(future).isNotDone();

    IncidentSummary created = summary("INC-1", T0, 1);
    catalog.put(created);

    assertThat(future).isCompletedWithValue(created);
  }

  @Test
  void whenDoesNotCompleteOnAPutThatDoesNotSatisfyIt() {
    catalog.put(summary("INC-1", T0, 1));
    CompletableFuture<IncidentSummary> future = catalog.when("INC-1",
        s -> s.status() == IncidentStatus.RESOLVED);

    catalog.put(summary("INC-1", T0, 2, IncidentStatus.ACKNOWLEDGED));
    catalog.put(summary("INC-2", T0, 1, IncidentStatus.RESOLVED));

    assertThat(future).isNotDone();

    IncidentSummary resolved = summary("INC-1", T0, 3, IncidentStatus.RESOLVED);
    catalog.put(resolved);

    assertThat(future).isCompletedWithValue(resolved);
  }

  @Test
  void eachWaiterCompletesOnItsOwnCondition() {
    catalog.put(summary("INC-1", T0, 1));
    CompletableFuture<IncidentSummary> two = catalog.when("INC-1", s -> s.eventSeq() >= 2);
    CompletableFuture<IncidentSummary> three = catalog.when("INC-1", s -> s.eventSeq() >= 3);

    catalog.put(summary("INC-1", T0, 2));

    assertThat(two).isCompleted();
    assertThat(three).isNotDone();

    catalog.put(summary("INC-1", T0, 3));

    assertThat(three).isCompleted();
    assertThat(three.join().eventSeq()).isEqualTo(3L);
    assertThat(two.join().eventSeq()).isEqualTo(2L);
  }

  @Test
  void forgetsCompletedAndAbandonedWaiters() throws ReflectiveOperationException {
    catalog.put(summary("INC-1", T0, 0));
    List<CompletableFuture<IncidentSummary>> futures = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      long seq = i;
      futures.add(catalog.when("INC-1", s -> s.eventSeq() >= seq));
      // half of them already satisfied when asked
      futures.add(catalog.when("INC-1", s -> s.eventSeq() >= seq - 1));
      catalog.put(summary("INC-1", T0, i));
    }
    CompletableFuture<IncidentSummary> abandoned = catalog.when("INC-2", s -> true);
    abandoned.cancel(false);
    CompletableFuture<IncidentSummary> timedOut = catalog.when("INC-3", s -> true);
    timedOut.completeExceptionally(new TimeoutException());

    assertThat(futures).hasSize(2000).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(futures.get(1998).join().eventSeq()).isEqualTo(1000L);
    assertThat(waiters()).isEmpty();

    // and still serves new waiters
    CompletableFuture<IncidentSummary> next = catalog.when("INC-1", s -> s.eventSeq() > 1000);
    assertThat(waiters()).containsOnlyKeys("INC-1");
    catalog.put(summary("INC-1", T0, 1001));
    assertThat(next).isCompleted();
    assertThat(waiters()).isEmpty();
  }

  /** A copy of who waits for what: the catalogue keeps no public view of it. */
  private Map<Object, Object> waiters() throws ReflectiveOperationException {
    Field field = IncidentCatalog.class.getDeclaredField("waiters");
    field.setAccessible(true);
    return new HashMap<>((Map<?, ?>) field.get(catalog));
  }

  private static List<String> ids(List<IncidentSummary> summaries) {
    return summaries.stream().map(IncidentSummary::id).toList();
  }

  private static IncidentSummary summary(String id, Instant openedAt, long eventSeq) {
    return summary(id, openedAt, eventSeq, IncidentStatus.TRIGGERED);
  }

  private static IncidentSummary summary(String id, Instant openedAt, long eventSeq, IncidentStatus status) {
    return new IncidentSummary(id, "group/" + id, "Incident " + id, Severity.P2, status, PublicStatus.INVESTIGATING,
        openedAt, openedAt.plusSeconds(eventSeq), status == IncidentStatus.RESOLVED ? openedAt.plusSeconds(60) : null,
        Set.of("checkout"), List.of(), Map.of("env", "prod"), null, 1, status == IncidentStatus.RESOLVED ? 0 : 1,
        eventSeq, openedAt, null, false);
  }
}
