package dev.tocsin.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The API's OpenAPI 3 document, kept beside the code as {@code openapi.json} (a test holds it to {@link ApiHandler#ROUTES}). */
public final class OpenApi {
  private static final String DOCUMENT = load();

  private OpenApi() {
  }

  public static String document() {
    return DOCUMENT;
  }

  private static String load() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/dev/tocsin/api/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the incident API's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
