package dev.tocsin.ingest.slack;

import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import dev.tocsin.ingest.slack.SlashRequest.Assignee;
import dev.tocsin.ingest.slack.SlashRequest.Verb;
import dev.tocsin.schemas.vocabulary.IncidentIds;
import dev.tocsin.schemas.vocabulary.SeverityAliases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of an {@code /incident} slash command (already unescaped from Slack's mrkdwn).
 * Subcommands and keywords are case-insensitive; incident ids are accepted in any case and
 * normalised to upper case. Values with spaces are quoted with straight or typographic double
 * quotes ({@code title:"Checkout down"}, {@code title:“Checkout down”}); there are no escapes inside
 * quotes. Free text (a reason or a status message) is the rest of the line, unquoted.
 */
final class SlashCommandGrammar {
  /** Longest title accepted: it heads Slack messages, emails and the status page. */
  static final int MAX_TITLE_LENGTH = 200;
  /** Longest reason or status message accepted (Slack's limit for one section's text). */
  static final int MAX_MESSAGE_LENGTH = 3000;
  static final int MAX_COMPONENTS = 20;
  static final int MAX_COMPONENT_LENGTH = 100;
  /** Longest silence: a forgotten one must not hide an incident's return for long. */
  static final Duration MAX_SILENCE = Duration.ofDays(7);

  // CASE_INSENSITIVE folds ASCII only, so no Unicode look-alike (ſ, ı) passes as a letter of an id.
  // Slack's mention markup, name at most Slack's 80 characters; user ids are U… or, on Enterprise Grid, W….
  // Unescaped, a typed look-alike reads the same: SlackCommands decides whether the name is Slack's.
  private static final Pattern MENTION = Pattern.compile("<@([UW][0-9A-Z]{2,20})(?:\\|([^<>\\p{Cc}]{0,80}))?>");
  private static final Pattern DURATION =
      Pattern.compile("(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACE_RUN = Pattern.compile("[\\s\\p{Z}]+");
  private static final String ID_HINT = "an incident id looks like " + IncidentIds.EXAMPLE;
  private static final String STATUSES = "investigating, identified, monitoring or resolved";
  private static final String SEVERITIES = "P0 to P3, critical, high, medium, low or sev-1 to sev-4";
  private static final String DURATION_HINT = "e.g. 30m, 2h, 1d or 1h30m, at most 7 days";
  private static final String CREATE_KEYS = "title:, severity: and components:";

  private SlashCommandGrammar() {
  }

  /** What {@code text} asks for, severities read through {@code aliases}. */
  static SlashRequest parse(String text, SeverityAliases aliases) {
    Cursor cursor = new Cursor(text);
    String verb = cursor.nextWord();
    if (verb == null) {
      return new SlashRequest.Help();
    }
    return switch (verb.toLowerCase(Locale.ROOT)) {
      case "help" -> new SlashRequest.Help();
      case "ack", "acknowledge" -> acknowledge(cursor);
      case "resolve" -> resolve(cursor);
      case "create" -> create(cursor, aliases);
      case "status" -> status(cursor);
      case "severity" -> severity(cursor, aliases);
      case "assign" -> assign(cursor);
      case "silence" -> silence(cursor);
      default -> new SlashRequest.Invalid(null, List.of("Unknown subcommand “" + abbreviate(verb) + "”."));
    };
  }

  private static SlashRequest acknowledge(Cursor cursor) {
    List<String> problems = new ArrayList<>();
    String id = incidentId(cursor.nextWord(), problems);
    String rest = cursor.rest();
    if (id != null && !rest.isEmpty()) {
      problems.add("Unexpected “" + abbreviate(rest) + "” after the incident id: ack takes only the id.");
    }
    return problems.isEmpty() ? new SlashRequest.Acknowledge(id) : new SlashRequest.Invalid(Verb.ACK, problems);
  }

  private static SlashRequest resolve(Cursor cursor) {
    List<String> problems = new ArrayList<>();
    String id = incidentId(cursor.nextWord(), problems);
    String reason = cursor.rest();
    if (reason.length() > MAX_MESSAGE_LENGTH) {
      problems.add("The reason is " + reason.length() + " characters long; at most " + MAX_MESSAGE_LENGTH
          + " are allowed.");
    }
    return problems.isEmpty() ? new SlashRequest.Resolve(id, reason.isEmpty() ? null : reason)
        : new SlashRequest.Invalid(Verb.RESOLVE, problems);
  }

  private static SlashRequest status(Cursor cursor) {
    List<String> problems = new ArrayList<>();
    String id = incidentId(cursor.nextWord(), problems);
    String word = cursor.nextWord();
    PublicStatus status = null;
    if (word == null) {
      if (id != null) {
        problems.add("Which status? Give one of " + STATUSES + ".");
      }
    } else {
      status = publicStatus(word);
      if (status == null) {
        problems.add("“" + abbreviate(word) + "” is not a status; use " + STATUSES + ".");
      }
    }
    String message = cursor.rest();
    if (message.isEmpty()) {
      if (status != null) {
        problems.add("Say what changed: a message is required.");
      }
    } else if (message.length() > MAX_MESSAGE_LENGTH) {
      problems.add("The message is " + message.length() + " characters long; at most " + MAX_MESSAGE_LENGTH
          + " are allowed.");
    }
    return problems.isEmpty() ? new SlashRequest.Status(id, status, message)
        : new SlashRequest.Invalid(Verb.STATUS, problems);
  }

  private static SlashRequest severity(Cursor cursor, SeverityAliases aliases) {
    List<String> problems = new ArrayList<>();
    String id = incidentId(cursor.nextWord(), problems);
    String word = cursor.nextWord();
    Severity severity = null;
    if (word == null) {
      if (id != null) {
        problems.add("Which severity? Give one of " + SEVERITIES + ".");
      }
    } else {
      severity = aliases.parse(word).orElse(null);
      if (severity == null) {
        problems.add("“" + abbreviate(word) + "” is not a severity; use " + SEVERITIES + ".");
      }
    }
    String rest = cursor.rest();
    if (severity != null && !rest.isEmpty()) {
      problems.add("Unexpected “" + abbreviate(rest) + "” after the severity: severity takes only the id and the"
          + " severity.");
    }
    return problems.isEmpty() ? new SlashRequest.SetSeverity(id, severity)
        : new SlashRequest.Invalid(Verb.SEVERITY, problems);
  }

  private static SlashRequest assign(Cursor cursor) {
    List<String> problems = new ArrayList<>();
    String id = incidentId(cursor.nextWord(), problems);
    // the rest of the line, not a word: a mention's name may hold spaces
    String rest = cursor.rest();
    Assignee assignee = null;
    if (rest.isEmpty()) {
      if (id != null) {
        problems.add("Whom? Mention the person (@name) or write me.");
      }
    } else {
      assignee = assignee(rest, problems);
    }
    return problems.isEmpty() ? new SlashRequest.Assign(id, assignee) : new SlashRequest.Invalid(Verb.ASSIGN, problems);
  }

  /** The one person {@code text} names, or null after adding what is wrong with it. */
  private static Assignee assignee(String text, List<String> problems) {
    Matcher mention = MENTION.matcher(text);
    String after;
    Assignee assignee;
    if (mention.lookingAt()) {
      String name = mention.group(2) == null ? null : strip(mention.group(2));
      assignee = new Assignee.Mentioned(mention.group(1), name == null || name.isEmpty() ? null : name);
      after = strip(text.substring(mention.end()));
    } else {
      Cursor words = new Cursor(text);
      String word = words.nextWord();
      if (!word.equalsIgnoreCase("me")) {
        problems.add("“" + abbreviate(word) + "” is not a person Tocsin can read: mention them by picking them from"
            + " Slack's @ menu, or write me. (A mention arrives as plain text when the Slack app's “Escape"
            + " channels, users, and links” setting is off.)");
        return null;
      }
      assignee = new Assignee.Invoker();
      after = words.rest();
    }
    if (!after.isEmpty()) {
      problems.add("Unexpected “" + abbreviate(after) + "” after the assignee: assign takes one person.");
      return null;
    }
    return assignee;
  }

  private static SlashRequest silence(Cursor cursor) {
    List<String> problems = new ArrayList<>();
    String id = incidentId(cursor.nextWord(), problems);
    String word = cursor.nextWord();
    Duration duration = null;
    if (word == null) {
      if (id != null) {
        problems.add("For how long? Give a duration, " + DURATION_HINT + ".");
      }
    } else {
      duration = silenceDuration(word, problems);
    }
    String reason = cursor.rest();
    if (reason.length() > MAX_MESSAGE_LENGTH) {
      problems.add("The reason is " + reason.length() + " characters long; at most " + MAX_MESSAGE_LENGTH
          + " are allowed.");
    }
    return problems.isEmpty() ? new SlashRequest.Silence(id, duration, reason.isEmpty() ? null : reason)
        : new SlashRequest.Invalid(Verb.SILENCE, problems);
  }

  /**
   * {@code word} as a duration of days, hours and minutes in that order ({@code 1d}, {@code 2h},
   * {@code 1h30m}), or null after adding what is wrong with it.
   */
  private static Duration silenceDuration(String word, List<String> problems) {
    boolean negative = word.startsWith("-");
    Matcher matcher = DURATION.matcher(negative ? word.substring(1) : word);
    if (!matcher.matches() || matcher.end() == 0) {
      problems.add("“" + abbreviate(word) + "” is not a duration; give one " + DURATION_HINT + ".");
      return null;
    }
    if (negative) {
      problems.add("“" + abbreviate(word) + "” is negative; a silence lasts a positive time, " + DURATION_HINT
          + ".");
      return null;
    }
    long minutes = minutes(matcher.group(1), 24 * 60) + minutes(matcher.group(2), 60) + minutes(matcher.group(3), 1);
    if (minutes == 0) {
      problems.add("“" + abbreviate(word) + "” is no time at all; silence for at least a minute.");
      return null;
    }
    if (minutes > MAX_SILENCE.toMinutes()) {
      problems.add("“" + abbreviate(word) + "” is longer than a silence may last: at most 7 days (7d).");
      return null;
    }
    return Duration.ofMinutes(minutes);
  }

  /** {@code digits} (may be null) of a unit {@code unit} minutes long, capped just past the longest silence. */
  private static long minutes(String digits, long unit) {
    if (digits == null) {
      return 0;
    }
    String significant = digits.replaceFirst("^0+", "");
    // nine digits of any unit exceed the limit already; the cap keeps the sum of three from overflowing
    long count = significant.length() > 9 ? Long.MAX_VALUE : significant.isEmpty() ? 0 : Long.parseLong(significant);
    return count > MAX_SILENCE.toMinutes() / unit ? MAX_SILENCE.toMinutes() + 1 : count * unit;
  }

  private static SlashRequest create(Cursor cursor, SeverityAliases aliases) {
    List<String> problems = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    Set<String> mentioned = new LinkedHashSet<>();
    while (cursor.hasMore()) {
      Cursor.Option option = cursor.nextOption();
      if (option.key() != null) {
        mentioned.add(option.key().toLowerCase(Locale.ROOT));
      }
      if (option.problem() != null) {
        problems.add(option.problem());
        continue;
      }
      String key = option.key().toLowerCase(Locale.ROOT);
      if (!key.equals("title") && !key.equals("severity") && !key.equals("components")) {
        problems.add("Unknown option “" + abbreviate(option.key()) + ":”; create takes " + CREATE_KEYS + ".");
      } else if (options.containsKey(key)) {
        problems.add(key + ": is given twice.");
      } else {
        options.put(key, option.value());
      }
    }

    String title = options.containsKey("title") ? collapseSpace(options.get("title")) : null;
    if (title == null) {
      if (!mentioned.contains("title")) {
        problems.add("A title is required, e.g. title:\"Checkout is down\".");
      }
    } else if (title.isEmpty()) {
      problems.add("title: is empty.");
    } else if (title.length() > MAX_TITLE_LENGTH) {
      problems.add("title: is " + title.length() + " characters long; at most " + MAX_TITLE_LENGTH + " are allowed.");
    }

    Severity severity = null;
    String severityText = options.get("severity");
    if (severityText != null) {
      Optional<Severity> parsed = aliases.parse(severityText);
      if (parsed.isPresent()) {
        severity = parsed.get();
      } else {
        problems.add("severity: “" + abbreviate(severityText) + "” is not a severity; use " + SEVERITIES + ".");
      }
    }

    List<String> components = List.of();
    String componentText = options.get("components");
    if (componentText != null) {
      components = components(componentText, problems);
    }
    return problems.isEmpty() ? new SlashRequest.Create(title, severity, components)
        : new SlashRequest.Invalid(Verb.CREATE, problems);
  }

  private static List<String> components(String text, List<String> problems) {
    Set<String> names = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String name = strip(part);
      if (name.isEmpty()) {
        continue;
      }
      if (name.length() > MAX_COMPONENT_LENGTH) {
        problems.add("components: “" + abbreviate(name) + "” is longer than " + MAX_COMPONENT_LENGTH
            + " characters.");
        return List.of();
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      problems.add("components: name at least one component, e.g. components:checkout,payments.");
    } else if (names.size() > MAX_COMPONENTS) {
      problems.add("components: " + names.size() + " given; at most " + MAX_COMPONENTS + " are allowed.");
    }
    return List.copyOf(names);
  }

  /** The normalised id, or null after adding what is wrong with {@code word}. */
  private static String incidentId(String word, List<String> problems) {
    if (word == null) {
      problems.add("Which incident? Give its id; " + ID_HINT + ".");
      return null;
    }
    Optional<String> id = IncidentIds.normalize(word);
    if (id.isEmpty()) {
      problems.add("“" + abbreviate(word) + "” is not an incident id; " + ID_HINT + ".");
      return null;
    }
    return id.get();
  }

  private static PublicStatus publicStatus(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "investigating" -> PublicStatus.INVESTIGATING;
      case "identified" -> PublicStatus.IDENTIFIED;
      case "monitoring" -> PublicStatus.MONITORING;
      case "resolved" -> PublicStatus.RESOLVED;
      default -> null;
    };
  }

  /** {@code text} without leading and trailing space of any kind. */
  private static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && Cursor.isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && Cursor.isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** {@code text} stripped, every run of space inside it (line breaks included) made one blank. */
  private static String collapseSpace(String text) {
    return SPACE_RUN.matcher(strip(text)).replaceAll(" ");
  }

  /** Echoed input stays short, whatever was typed. */
  private static String abbreviate(String text) {
    int limit = 60;
    if (text.length() <= limit) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    return text.substring(0, end) + "…";
  }

  /** Reads words, {@code key:value} options and the rest of the line from the command text. */
  private static final class Cursor {
    private final String text;
    private int position;

    Cursor(String text) {
      this.text = text;
    }

    boolean hasMore() {
      skipSpace();
      return position < text.length();
    }

    /** The next run of non-space characters, or null at the end. */
    String nextWord() {
      skipSpace();
      if (position >= text.length()) {
        return null;
      }
      int start = position;
      while (position < text.length() && !isSpace(text.charAt(position))) {
        position++;
      }
      return text.substring(start, position);
    }

    /** Everything not read yet, without surrounding space; empty at the end. */
    String rest() {
      String rest = strip(text.substring(Math.min(position, text.length())));
      position = text.length();
      return rest;
    }

    /** The next {@code key:value} or {@code key:"quoted value"}; call only when {@link #hasMore()}. */
    Option nextOption() {
      skipSpace();
      int start = position;
      while (position < text.length() && text.charAt(position) != ':' && !isSpace(text.charAt(position))) {
        position++;
      }
      String key = text.substring(start, position);
      if (position >= text.length() || text.charAt(position) != ':') {
        return Option.problem(null, "Expected key:value but got “" + abbreviate(key) + "”; create takes " + CREATE_KEYS
            + ".");
      }
      if (key.isEmpty()) {
        skipWord();
        return Option.problem(null, "An option is missing its name before “:”; create takes " + CREATE_KEYS + ".");
      }
      position++;
      if (position < text.length() && isQuote(text.charAt(position))) {
        int open = position++;
        boolean straight = text.charAt(open) == '"';
        int valueStart = position;
        while (position < text.length() && !closes(straight, text.charAt(position))) {
          position++;
        }
        if (position >= text.length()) {
          return Option.problem(key, abbreviate(key) + ": the quote opened at “" + abbreviate(text.substring(open))
              + "” is never closed.");
        }
        String value = text.substring(valueStart, position++);
        if (position < text.length() && !isSpace(text.charAt(position))) {
          skipWord();
          return Option.problem(key, abbreviate(key) + ": put a space after the closing quote.");
        }
        return new Option(key, value, null);
      }
      int valueStart = position;
      skipWord();
      String value = text.substring(valueStart, position);
      if (value.isEmpty()) {
        return Option.problem(key, abbreviate(key) + ": is empty; write " + abbreviate(key) + ":value with no space after the colon.");
      }
      return new Option(key, value, null);
    }

    private void skipWord() {
      while (position < text.length() && !isSpace(text.charAt(position))) {
        position++;
      }
    }

    private void skipSpace() {
      while (position < text.length() && isSpace(text.charAt(position))) {
        position++;
      }
    }

    private static boolean isSpace(char c) {
      // Slack clients send no-break spaces where users type them after punctuation
      return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isQuote(char c) {
      return c == '"' || c == '“' || c == '”';
    }

    /** A straight quote ends at a straight quote; a typographic one (clients "smarten" quotes) at either kind. */
    private static boolean closes(boolean straight, char c) {
      return straight ? c == '"' : c == '"' || c == '”' || c == '“';
    }

    /** One option (key may be null when unreadable), or what is wrong with it. */
    record Option(String key, String value, String problem) {
      static Option problem(String key, String problem) {
        return new Option(key, null, problem);
      }
    }
  }
}
