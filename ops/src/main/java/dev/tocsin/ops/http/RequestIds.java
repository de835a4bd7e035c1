package dev.tocsin.ops.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: a caller's {@code X-Request-Id} when it is safe to log and echo, otherwise a random UUID. */
public final class RequestIds {
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private RequestIds() {
  }

  /** The id for a request that carried {@code incoming} (may be null). */
  public static String of(String incoming) {
    if (incoming != null && SANE.matcher(incoming).matches()) {
      return incoming;
    }
    return UUID.randomUUID().toString();
  }
}
