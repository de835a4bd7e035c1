package dev.tocsin.ingest.slack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body decoded into its fields, or the problems that
 * made it undecodable. A field sent twice is a problem: Slack never does, and taking either copy
 * would let a forwarding proxy and Tocsin disagree on what was asked.
 *
 * @param fields decoded names to decoded values, in body order
 * @param problems empty when the body decoded
 */
record FormBody(Map<String, String> fields, List<String> problems) {
  private static final int MAX_FIELDS = 100;

  FormBody {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    problems = List.copyOf(problems);
  }

  /** Decodes {@code body} as UTF-8 form fields. */
  static FormBody parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int position = 0;
    for (String pair : text.split("&", -1)) {
      position++;
      if (pair.isEmpty()) {
        continue;
      }
      if (fields.size() == MAX_FIELDS) {
        problems.add("body: more than " + MAX_FIELDS + " form fields");
        break;
      }
      int equals = pair.indexOf('=');
      String rawName = equals < 0 ? pair : pair.substring(0, equals);
      String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
      String name;
      String value;
      try {
        name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        value = URLDecoder.decode(rawValue, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        problems.add("body: form field #" + position + " has an invalid %-escape");
        continue;
      }
      if (fields.putIfAbsent(name, value) != null) {
        problems.add(name + ": appears more than once");
      }
    }
    return new FormBody(fields, problems);
  }

  /** The value of {@code name}, or null when absent. */
  String get(String name) {
    return fields.get(name);
  }
}
