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

  private static final String ZEROS = "00000000000000000000";

  /** Keys sort by due time (epoch milliseconds before 1970 are not used). */
  static String dueAt(Instant due, String groupKey) {
    // Padding by hand: String.format showed in profiles, once per incident change.
    String millis = Long.toString(due.toEpochMilli());
    return new StringBuilder(ZEROS.length() + 1 + groupKey.length())
        .append(ZEROS, 0, Math.max(0, ZEROS.length() - millis.length())).append(millis).append('|')
        .append(groupKey).toString();
  }
}
