package dev.tocsin.api.readmodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every known incident's summary, newest first, in memory: lists filter and page through it without
 * decoding a snapshot, so a page costs the same with 100,000 incidents as with ten (filters that
 * match little walk further). Also completes the futures of callers waiting for an incident to
 * appear or change. Thread-safe: one writer (the read model's global thread), many readers.
 */
public final class IncidentCatalog {
  /** Newest first; ties (one millisecond) by id, so every incident has one stable position. */
  static final Comparator<Position> NEWEST_FIRST = Comparator.comparingLong(Position::openedAtMillis).reversed()
      .thenComparing(Position::id);

  private final ConcurrentSkipListMap<Position, IncidentSummary> byPosition = new ConcurrentSkipListMap<>(NEWEST_FIRST);
  private final Map<String, IncidentSummary> byId = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final List<Consumer<IncidentSummary>> listeners = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

  /** Where an incident sits in the newest-first order; also what a cursor encodes. */
  public record Position(long openedAtMillis, String id) {
    static Position of(IncidentSummary summary) {
      return new Position(summary.openedAt().toEpochMilli(), summary.id());
    }
  }

  private record Waiter(Predicate<IncidentSummary> until, CompletableFuture<IncidentSummary> future) {
  }

  /** Adds or replaces the incident's summary, and completes whoever waited for it. */
  public void put(IncidentSummary summary) {
    IncidentSummary previous = byId.put(summary.id(), summary);
    version.incrementAndGet();
    if (previous != null && !previous.openedAt().equals(summary.openedAt())) {
      byPosition.remove(Position.of(previous));
    }
    byPosition.put(Position.of(summary), summary);
    List<Waiter> due = new ArrayList<>();
    waiters.computeIfPresent(summary.id(), (id, waiting) -> {
      waiting.removeIf(w -> w.future().isDone() || (w.until().test(summary) && due.add(w)));
      return waiting.isEmpty() ? null : waiting;
    });
    // Completed outside the map's lock: a completion runs its callers' stages right here.
    due.forEach(w -> w.future().complete(summary));
    listeners.forEach(listener -> listener.accept(summary));
  }

  /**
   * Hands every later change to {@code listener}, on the writer's thread: it must not block.
   *
   * @return what stops it
   */
  public AutoCloseable subscribe(Consumer<IncidentSummary> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The summaries updated at or after {@code since}, oldest change first (what a resumed stream missed). */
  public List<IncidentSummary> changedSince(Instant since) {
    return byId.values().stream().filter(s -> !s.updatedAt().isBefore(since))
        .sorted(Comparator.comparing(IncidentSummary::updatedAt).thenComparing(IncidentSummary::id)).toList();
  }

  /** Forgets the incident (its snapshot was deleted from the compacted topic). */
  public void remove(String id) {
    IncidentSummary previous = byId.remove(id);
    version.incrementAndGet();
    if (previous != null) {
      byPosition.remove(Position.of(previous));
    }
  }

  /** Grows with every change: what was computed from the catalogue at one version stays valid until it moves. */
  public long version() {
    return version.get();
  }

  public Optional<IncidentSummary> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return byId.size();
  }

  /**
   * Up to {@code limit} summaries that {@code filter} accepts, newest first, strictly after
   * {@code after} (null: from the newest); one more than asked for tells the caller a next page exists.
   */
  public List<IncidentSummary> page(Predicate<IncidentSummary> filter, Position after, int limit) {
    List<IncidentSummary> page = new ArrayList<>(Math.min(limit + 1, 256));
    var view = after == null ? byPosition.values() : byPosition.tailMap(after, false).values();
    for (IncidentSummary summary : view) {
      if (filter.test(summary)) {
        page.add(summary);
        if (page.size() > limit) {
          break;
        }
      }
    }
    return page;
  }

  /** Every summary {@code filter} accepts, newest first. */
  public List<IncidentSummary> all(Predicate<IncidentSummary> filter) {
    return byPosition.values().stream().filter(filter).toList();
  }

  /**
   * Completes with the incident's summary once {@code until} holds for it (at once when it already
   * does); the caller bounds the wait (e.g. {@link CompletableFuture#orTimeout}).
   */
  public CompletableFuture<IncidentSummary> when(String id, Predicate<IncidentSummary> until) {
    CompletableFuture<IncidentSummary> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(until, future);
    waiters.compute(id, (k, waiting) -> {
      List<Waiter> list = waiting == null ? new ArrayList<>() : waiting;
      list.add(waiter);
      return list;
    });
    // Checked after registering: a put in between is seen either here or by put's scan.
    IncidentSummary current = byId.get(id);
    if (current != null && until.test(current)) {
      future.complete(current);
    }
    future.whenComplete((summary, failure) -> waiters.computeIfPresent(id, (k, waiting) -> {
      waiting.remove(waiter);
      return waiting.isEmpty() ? null : waiting;
    }));
    return future;
  }
}
