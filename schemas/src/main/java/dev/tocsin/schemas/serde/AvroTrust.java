package dev.tocsin.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Makes Avro 1.12.2+ trust Tocsin's generated classes, which it otherwise refuses to look up
 * ({@code SecurityException: Forbidden dev.tocsin.avro...}) when decoding, encoding, or filling
 * enum defaults and copies in a record builder. Loading {@code Topics}, {@link AvroSerializer} or
 * {@link AvroDeserializer} calls {@link #ensure()}; code that builds or decodes records before
 * touching any of them (a {@code main}, a test) calls it first. Thread-safe and idempotent.
 */
public final class AvroTrust {
  /** Package of the classes generated from {@code tocsin.avdl}. */
  public static final String GENERATED_PACKAGE = "dev.tocsin.avro.";

  private AvroTrust() {
  }

  /** Adds Tocsin's generated package to Avro's global class validator, once per JVM. */
  public static void ensure() {
    Holder.touch();
  }

  /** Class-init runs exactly once per JVM, so the validator is composed once however often ensure() is called. */
  private static final class Holder {
    static {
      ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
          type -> type.getName().startsWith(GENERATED_PACKAGE)));
    }

    private Holder() {
    }

    static void touch() {
      // Loading this class is the whole effect.
    }
  }
}
