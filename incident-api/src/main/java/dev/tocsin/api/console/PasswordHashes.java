package dev.tocsin.api.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console users' password hashes: PBKDF2 with HMAC-SHA256 (the JDK's own), written
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}. Run {@code main} to hash one:
 * {@code java -cp 'standalone/target/tocsin-standalone.jar:standalone/target/lib/*'
 * dev.tocsin.api.console.PasswordHashes} reads the password from standard input.
 */
public final class PasswordHashes {
  static final String PREFIX = "pbkdf2-sha256";
  static final int ITERATIONS = 210_000;
  /** A typo in a hash must not make every login take minutes. */
  static final int MAX_ITERATIONS = 5_000_000;

  private PasswordHashes() {
  }

  /** A new hash of {@code password} with a random salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return PREFIX + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
  }

  /** Whether {@code hash} is in the format this class writes. */
  public static boolean wellFormed(String hash) {
    String[] parts = hash == null ? new String[0] : hash.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      return iterations >= 10_000 && iterations <= MAX_ITERATIONS && Base64.getDecoder().decode(parts[2]).length >= 8
          && Base64.getDecoder().decode(parts[3]).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code password} matches {@code hash} (constant time in the hash). */
  public static boolean matches(char[] password, String hash) {
    if (!wellFormed(hash)) {
      return false;
    }
    String[] parts = hash.split("\\$");
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, Base64.getDecoder().decode(parts[2]),
        Integer.parseInt(parts[1])));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
    }
  }

  public static void main(String[] args) throws java.io.IOException {
    String password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    if (password.isEmpty()) {
      System.err.println("usage: echo -n '<password>' | java ... dev.tocsin.api.console.PasswordHashes");
      return;
    }
    System.out.println(hash(password.toCharArray()));
  }
}
