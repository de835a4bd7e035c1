package dev.tocsin.incidents.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher in Alertmanager's syntax: {@code name="v"}, {@code name!="v"},
 * {@code name=~"re"}, {@code name!~"re"}. Values may be double-quoted (escapes {@code \"},
 * {@code \\} and {@code \n}; any other backslash is kept, so {@code "\d+"} is the regex {@code \d+})
 * or unquoted. Regexes are anchored at both ends as in Alertmanager ({@code ^(?:re)$}) and use
 * {@link java.util.regex.Pattern} syntax, which agrees with Go's RE2 on everything alerting rules
 * commonly use. A label the alert lacks matches as the empty string. Immutable and thread-safe.
 */
public record Matcher(String name, Matcher.Type type, String value) {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LEADING_NAME = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*");
  private static final int MAX_CACHED_PATTERNS = 4096;
  /** Records cannot hold a derived field; compiled regexes are shared here, keyed by the regex. */
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  /** The four operators. */
  public enum Type {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    private final String operator;

    Type(String operator) {
      this.operator = operator;
    }

    /** The operator as written, e.g. {@code =~}. */
    public String operator() {
      return operator;
    }
  }

  /** Checks the name and, for regex types, that the regex compiles. */
  public Matcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    if (!LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid label name \"" + name + "\"");
    }
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      pattern(value);
    }
  }

  /**
   * Parses one matcher, e.g. {@code service=~"db|cache"}.
   *
   * @throws IllegalArgumentException saying what is wrong and quoting {@code text}
   */
  public static Matcher parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty matcher");
    }
    java.util.regex.Matcher leading = LEADING_NAME.matcher(text);
    if (!leading.lookingAt()) {
      throw new IllegalArgumentException("expected a label name at the start of '" + text + "'");
    }
    String name = leading.group(1);
    String rest = text.substring(leading.end());
    Type type;
    if (rest.startsWith("=~")) {
      type = Type.REGEX;
    } else if (rest.startsWith("!=")) {
      type = Type.NOT_EQUAL;
    } else if (rest.startsWith("!~")) {
      type = Type.NOT_REGEX;
    } else if (rest.startsWith("=")) {
      type = Type.EQUAL;
    } else {
      throw new IllegalArgumentException("unknown operator in '" + text + "': expected one of =, !=, =~, !~");
    }
    String value = unquote(rest.substring(type.operator().length()).strip(), text);
    try {
      return new Matcher(name, type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " in '" + text + "'", e);
    }
  }

  /**
   * Parses a comma-separated list of matchers, with or without surrounding braces:
   * {@code {a="b", c=~"d"}} or {@code a="b",c=~"d"}. Commas inside quoted values do not separate;
   * a trailing comma is allowed; empty text or {@code {}} is the empty list.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<Matcher> parseList(String text) {
    Objects.requireNonNull(text, "text");
    String body = text.strip();
    boolean opens = body.startsWith("{");
    boolean closes = body.endsWith("}");
    if (opens != closes) {
      throw new IllegalArgumentException((opens ? "missing closing '}'" : "missing opening '{'") + " in '" + text + "'");
    }
    if (opens) {
      body = body.substring(1, body.length() - 1);
    }
    List<String> parts = split(body, text);
    if (parts.size() > 1 && parts.get(parts.size() - 1).isBlank()) {
      parts.remove(parts.size() - 1);
    }
    if (parts.size() == 1 && parts.get(0).isBlank()) {
      return List.of();
    }
    List<Matcher> matchers = new ArrayList<>(parts.size());
    for (String part : parts) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("empty matcher in '" + text + "'");
      }
      matchers.add(parse(part));
    }
    return List.copyOf(matchers);
  }

  /** Whether {@code labels} satisfy this matcher; a missing label counts as the empty string. */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.get(name);
    String subject = actual == null ? "" : actual;
    return switch (type) {
      case EQUAL -> subject.equals(value);
      case NOT_EQUAL -> !subject.equals(value);
      case REGEX -> pattern(value).matcher(subject).matches();
      case NOT_REGEX -> !pattern(value).matcher(subject).matches();
    };
  }

  /** The matcher as Alertmanager prints it, e.g. {@code service=~"db|cache"}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return name + type.operator() + Quoting.quote(value);
  }

  private static Pattern pattern(String regex) {
    Pattern cached = PATTERNS.get(regex);
    if (cached != null) {
      return cached;
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression \"" + regex + "\": " + e.getDescription(), e);
    }
    if (PATTERNS.size() >= MAX_CACHED_PATTERNS) {
      PATTERNS.clear();
    }
    PATTERNS.put(regex, compiled);
    return compiled;
  }

  /** Alertmanager's unescaping: the value without its quotes; a spurious escape keeps its backslash. */
  private static String unquote(String raw, String text) {
    boolean quoted = raw.startsWith("\"");
    String body = quoted ? raw.substring(1) : raw;
    boolean expectClosingQuote = quoted;
    StringBuilder value = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i < body.length() - 1) {
        char next = body.charAt(++i);
        switch (next) {
          case 'n' -> value.append('\n');
          case '"', '\\' -> value.append(next);
          default -> value.append('\\').append(next);
        }
      } else if (c == '"') {
        if (!expectClosingQuote || i < body.length() - 1) {
          throw new IllegalArgumentException("unescaped double quote in the value of '" + text + "'");
        }
        expectClosingQuote = false;
      } else {
        value.append(c);
      }
    }
    if (expectClosingQuote) {
      throw new IllegalArgumentException("missing closing double quote in '" + text + "'");
    }
    return value.toString();
  }

  /** Splits at commas outside double quotes. */
  private static List<String> split(String body, String text) {
    List<String> parts = new ArrayList<>();
    boolean inQuotes = false;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (inQuotes && c == '\\') {
        i++;
      } else if (c == '"') {
        inQuotes = !inQuotes;
      } else if (c == ',' && !inQuotes) {
        parts.add(body.substring(start, i));
        start = i + 1;
      }
    }
    if (inQuotes) {
      throw new IllegalArgumentException("missing closing double quote in '" + text + "'");
    }
    parts.add(body.substring(start));
    return parts;
  }
}
