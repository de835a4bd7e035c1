package dev.tocsin.incidents.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Incident ids: {@code INC-} and 8 Crockford base32 characters (40 bits) derived from the group
 * key and the incident's ordinal in its group, so reprocessing the same input yields the same id.
 */
public final class IncidentIds {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private IncidentIds() {
  }

  /** The id of the {@code occurrence}-th incident (1-based) of {@code groupKey}. */
  public static String of(String groupKey, int occurrence) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256")
          .digest((groupKey + "\n" + occurrence).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    long bits = 0;
    for (int i = 0; i < 5; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    char[] id = new char[8];
    for (int i = 7; i >= 0; i--) {
      id[i] = CROCKFORD[(int) (bits & 31)];
      bits >>>= 5;
    }
    return "INC-" + new String(id);
  }
}
