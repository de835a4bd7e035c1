package dev.tocsin.ingest.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The content coding a request's {@code Content-Encoding} headers declare: none, gzip, or one Tocsin does not decode. */
sealed interface ContentCoding {

  /** No coding: no header, or only {@code identity}. */
  record Identity() implements ContentCoding {
  }

  /** {@code gzip} (or its alias {@code x-gzip}, RFC 9110 section 8.4.1.3), applied once. */
  record Gzip() implements ContentCoding {
  }

  /**
   * Anything else, including gzip applied twice.
   *
   * @param name the codings as sent, without {@code identity}, comma-separated
   */
  record Unsupported(String name) implements ContentCoding {
  }

  /** The coding of a request with these {@code Content-Encoding} header values (each possibly a comma-separated list). */
  static ContentCoding of(List<String> headerValues) {
    List<String> codings = new ArrayList<>();
    for (String value : headerValues) {
      for (String coding : value.split(",", -1)) {
        String name = coding.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("identity")) {
          codings.add(name);
        }
      }
    }
    if (codings.isEmpty()) {
      return new Identity();
    }
    if (codings.size() == 1 && (codings.get(0).equals("gzip") || codings.get(0).equals("x-gzip"))) {
      return new Gzip();
    }
    return new Unsupported(String.join(", ", codings));
  }
}
