package dev.tocsin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded real payloads (see {@code fixtures/alertmanager/README.md} in this module's resources). */
public final class Fixtures {
  private Fixtures() {
  }

  /** The bytes of an Alertmanager webhook captured from Alertmanager 0.25, e.g. {@code firing-critical.json}. */
  public static byte[] alertmanager(String name) {
    return resource("fixtures/alertmanager/" + name);
  }

  /** The same, as a string. */
  public static String alertmanagerText(String name) {
    return new String(alertmanager(name), StandardCharsets.UTF_8);
  }

  private static byte[] resource(String path) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
