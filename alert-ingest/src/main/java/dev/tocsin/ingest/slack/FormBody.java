package dev.tocsin.ingest.slack;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body decoded into its fields, or the problems that
 * made it undecodable. A field sent twice is a problem: Slack never does, and taking either copy
 * would let a forwarding proxy and Tocsin disagree on what was asked. Text that is not UTF-8, as
 * sent or once %-decoded, is set apart rather than decoded with replacement characters: what was
 * asked cannot be known, so it must not be acted on.
 *
 * @param fields decoded names to decoded values, in body order
 * @param problems empty when the body decoded
 * @param notUtf8 the fields that are not valid UTF-8, by name, or as {@code form field #n} when
 *     the name itself is not; empty when all are
 */
record FormBody(Map<String, String> fields, List<String> problems, List<String> notUtf8) {
  private static final int MAX_FIELDS = 100;

  FormBody {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    problems = List.copyOf(problems);
    notUtf8 = List.copyOf(notUtf8);
  }

  /** Decodes {@code body} as UTF-8 form fields. */
  static FormBody parse(byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> notUtf8 = new ArrayList<>();
    int position = 0;
    int pairs = 0;
    int start = 0;
    // Split on the bytes '&' and '=': in UTF-8 they never occur inside another character.
    for (int end = 0; end <= body.length; end++) {
      if (end < body.length && body[end] != '&') {
        continue;
      }
      int pairStart = start;
      start = end + 1;
      position++;
      if (end == pairStart) {
        continue;
      }
      if (++pairs > MAX_FIELDS) {
        problems.add("body: more than " + MAX_FIELDS + " form fields");
        break;
      }
      int equals = indexOf(body, (byte) '=', pairStart, end);
      String name;
      String value;
      try {
        name = decode(body, pairStart, equals < 0 ? end : equals);
        value = equals < 0 ? "" : decode(body, equals + 1, end);
      } catch (IllegalArgumentException e) {
        problems.add("body: form field #" + position + " has an invalid %-escape");
        continue;
      }
      if (name == null) {
        notUtf8.add("form field #" + position);
      } else if (value == null) {
        notUtf8.add(name);
      } else if (fields.putIfAbsent(name, value) != null) {
        problems.add(name + ": appears more than once");
      }
    }
    return new FormBody(fields, problems, notUtf8);
  }

  /** The value of {@code name}, or null when absent. */
  String get(String name) {
    return fields.get(name);
  }

  /**
   * The %-decoded text of {@code body[from, to)} ({@code +} is a space), or null when it is not
   * UTF-8 before or after %-decoding.
   *
   * @throws IllegalArgumentException for a {@code %} not followed by two hex digits
   */
  private static String decode(byte[] body, int from, int to) {
    if (utf8(body, from, to) == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        bytes.write(' ');
      } else if (b == '%') {
        if (i + 2 >= to) {
          throw new IllegalArgumentException("incomplete %-escape");
        }
        int high = Character.digit(body[i + 1], 16);
        int low = Character.digit(body[i + 2], 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("invalid %-escape");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        bytes.write(b);
      }
    }
    byte[] decoded = bytes.toByteArray();
    return utf8(decoded, 0, decoded.length);
  }

  private static String utf8(byte[] bytes, int from, int to) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
