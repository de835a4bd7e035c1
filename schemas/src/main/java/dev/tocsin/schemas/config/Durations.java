package dev.tocsin.schemas.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Prometheus and Alertmanager write them ({@code model.Duration}): units
 * {@code y} (365 days), {@code w}, {@code d}, {@code h}, {@code m}, {@code s} and {@code ms},
 * each at most once and largest first, e.g. {@code 1h30m}; {@code 0} alone means zero.
 */
public final class Durations {
  private static final Pattern SYNTAX =
      Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] UNIT_MILLIS = {
      365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

  private Durations() {
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not a duration or is too long
   */
  public static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher matcher = SYNTAX.matcher(text);
    if (text.isEmpty() || !matcher.matches()) {
      throw new IllegalArgumentException("not a valid duration \"" + text
          + "\": write a number and a unit, largest first, e.g. 30s, 5m, 1h30m (units y, w, d, h, m, s, ms)");
    }
    long millis = 0;
    try {
      for (int unit = 0; unit < UNITS.length; unit++) {
        String amount = matcher.group(unit + 1);
        if (amount != null) {
          millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(amount), UNIT_MILLIS[unit]));
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too long", e);
    }
    return Duration.ofMillis(millis);
  }

  /**
   * Formats {@code duration} as Prometheus does ({@code 0s}, {@code 1h30m}, {@code 90d}: years and
   * weeks only when they divide it exactly), so that {@link #parse} reads it back; parts below a
   * millisecond are dropped.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    for (int unit = 0; unit < UNITS.length; unit++) {
      boolean exactOnly = unit < 2;
      if (exactOnly && millis % UNIT_MILLIS[unit] != 0) {
        continue;
      }
      long amount = millis / UNIT_MILLIS[unit];
      if (amount > 0) {
        text.append(amount).append(UNITS[unit]);
        millis -= amount * UNIT_MILLIS[unit];
      }
    }
    return text.toString();
  }
}
