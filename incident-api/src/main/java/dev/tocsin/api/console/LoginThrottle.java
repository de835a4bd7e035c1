package dev.tocsin.api.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password and key guessing at the console's login: once a client address has failed
 * {@value #MAX_FAILURES} times within {@link #WINDOW}, it is refused until its oldest failure in the
 * window ages out. Remembers at most {@value #MAX_CLIENTS} addresses (the least recently seen go
 * first). A success forgets the address's failures. Time comes from the caller. Thread-safe.
 */
public final class LoginThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final int MAX_CLIENTS = 10_000;

  private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  /** How long {@code client} must wait before it may try again, or empty when it may try now. */
  public synchronized Optional<Duration> waitFor(String client, Instant now) {
    Deque<Instant> recent = failures.get(client);
    if (recent == null) {
      return Optional.empty();
    }
    prune(recent, now);
    if (recent.size() < MAX_FAILURES) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, recent.peekFirst().plus(WINDOW)));
  }

  /** Notes a failed login of {@code client}. */
  public synchronized void failed(String client, Instant now) {
    Deque<Instant> recent = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
    prune(recent, now);
    recent.addLast(now);
    while (recent.size() > MAX_FAILURES) {
      recent.removeFirst();
    }
  }

  /** Forgets {@code client}'s failures after a successful login. */
  public synchronized void succeeded(String client) {
    failures.remove(client);
  }

  private static void prune(Deque<Instant> recent, Instant now) {
    while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
      recent.removeFirst();
    }
  }
}
