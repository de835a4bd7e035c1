package dev.tocsin.incidents.topology;

import java.time.Instant;

/**
 * Keys of the timer store: the due time as 20 zero-padded digits of epoch milliseconds, then the
 * group key, so a lexicographic range scan from {@link #FIRST} to {@code dueAt(now, "\uffff")}
 * yields exactly the timers due by {@code now}.
 */
final class TimerKeys {
  static final String FIRST = "";

  private TimerKeys() {
  }

  static String dueAt(Instant due, String groupKey) {
    return String.format(java.util.Locale.ROOT, "%020d|%s", due.toEpochMilli(), groupKey);
  }
}
