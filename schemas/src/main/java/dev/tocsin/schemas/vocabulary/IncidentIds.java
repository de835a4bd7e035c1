package dev.tocsin.schemas.vocabulary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Incident ids: {@code INC-} and 8 Crockford base32 characters (40 bits) derived from the group
 * key and the incident's ordinal in its group, so reprocessing the same input yields the same id.
 * The engine mints them; every inbound protocol recognises them with {@link #REGEX}.
 */
public final class IncidentIds {
  /** An id as minted, upper case: {@code INC-} and 8 Crockford base32 digits (no I, L, O, U). */
  public static final String REGEX = "INC-[0-9A-HJKMNP-TV-Z]{8}";
  /** Group key prefix of a manual incident: the rest is the id of the CREATE command that declared it. */
  public static final String MANUAL_GROUP_PREFIX = "manual:";
  /** What people are told an id looks like. */
  public static final String EXAMPLE = "INC-7K2M9QXD";

  private static final Pattern EXACT = Pattern.compile(REGEX);
  private static final Pattern ANY_CASE = Pattern.compile(REGEX, Pattern.CASE_INSENSITIVE);
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

  /** The id of the manual incident the CREATE command {@code commandId} opens (the first of its own group). */
  public static String manual(String commandId) {
    return of(MANUAL_GROUP_PREFIX + commandId, 1);
  }

  /** Whether {@code text} is an id exactly as minted (upper case), as machines hand them back. */
  public static boolean isId(String text) {
    return text != null && EXACT.matcher(text).matches();
  }

  /** {@code text} as an id, in upper case, when it is one in any case, as people type them. */
  public static Optional<String> normalize(String text) {
    return text != null && ANY_CASE.matcher(text).matches()
        ? Optional.of(text.toUpperCase(Locale.ROOT)) : Optional.empty();
  }
}
