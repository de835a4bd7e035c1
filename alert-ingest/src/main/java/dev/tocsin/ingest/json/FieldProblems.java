package dev.tocsin.ingest.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects the problems of one request body as {@code <field path>: <problem>} lines, in the order
 * found and bounded for pathological bodies; not thread-safe (one instance per parse).
 */
public final class FieldProblems {
  /** How many problems a report lists before it summarises the rest. */
  public static final int MAX_REPORTED = 100;

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // Echoed names and values are shortened: a report must stay readable whatever was sent.
  private static final int MAX_ECHOED = 64;

  private final List<String> list = new ArrayList<>();
  private int count;

  /** Records that the field at {@code path} has {@code problem}. */
  public void add(String path, String problem) {
    count++;
    if (list.size() < MAX_REPORTED) {
      list.add(path.isEmpty() ? "body: " + problem : path + ": " + problem);
    }
  }

  /** How many problems were recorded, including those beyond the report's bound. */
  public int count() {
    return count;
  }

  /** Whether no problem was recorded. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** The report: at most {@link #MAX_REPORTED} problems, then a line counting the rest. */
  public List<String> list() {
    if (count <= list.size()) {
      return List.copyOf(list);
    }
    List<String> bounded = new ArrayList<>(list);
    bounded.add("... and " + (count - list.size()) + " more problems");
    return List.copyOf(bounded);
  }

  /**
   * The path of member {@code name} of the object at {@code path}: {@code path.name} for plain
   * names, {@code path["odd name"]} (escaped, shortened) for any other.
   */
  public static String child(String path, String name) {
    if (PLAIN_NAME.matcher(name).matches()) {
      return path.isEmpty() ? name : path + "." + name;
    }
    return path + "[" + quote(name) + "]";
  }

  /** The path of element {@code index} of the array at {@code path}. */
  public static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  /**
   * {@code value} as a double-quoted string safe to echo in a report: quotes, backslashes, control
   * characters and unpaired surrogates escaped, and shortened to 64 characters with an ellipsis.
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ECHOED) + 8).append('"');
    int end = Math.min(value.length(), MAX_ECHOED);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // do not split a pair
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))
          : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !paired)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (end < value.length()) {
      out.append('…');
    }
    return out.append('"').toString();
  }
}
