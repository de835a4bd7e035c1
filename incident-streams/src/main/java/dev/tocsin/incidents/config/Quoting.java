package dev.tocsin.incidents.config;

/** Go-style double-quoted strings, as Alertmanager prints label values and matchers. */
final class Quoting {
  private Quoting() {
  }

  /** {@code value} between double quotes, with backslash, double quote and newline escaped. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> quoted.append("\\\\");
        case '"' -> quoted.append("\\\"");
        case '\n' -> quoted.append("\\n");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
