package dev.tocsin.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Alert fingerprints as Prometheus computes them: FNV-1a 64 over the labels sorted by name. */
public final class Fingerprints {
  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;
  private static final Pattern HEX16 = Pattern.compile("[0-9a-fA-F]{16}");

  private Fingerprints() {
  }

  /** The fingerprint of {@code labels} as 16 lowercase hex digits, equal to Alertmanager's {@code fingerprint}. */
  public static String of(Map<String, String> labels) {
    List<byte[][]> pairs = new ArrayList<>(labels.size());
    labels.forEach((name, value) -> pairs.add(new byte[][] {
        name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)}));
    // Go sorts label names as byte strings; String order differs for supplementary characters.
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    long hash = FNV_OFFSET_BASIS;
    for (byte[][] pair : pairs) {
      hash = feed(hash, pair[0]);
      hash = feed(hash, SEPARATOR);
      hash = feed(hash, pair[1]);
      hash = feed(hash, SEPARATOR);
    }
    return String.format(Locale.ROOT, "%016x", hash);
  }

  /** Whether {@code value} has the shape of a fingerprint: exactly 16 hex digits. */
  public static boolean isWellFormed(String value) {
    return HEX16.matcher(value).matches();
  }

  private static long feed(long hash, byte[] bytes) {
    long h = hash;
    for (byte b : bytes) {
      h = feed(h, b & 0xff);
    }
    return h;
  }

  private static long feed(long hash, int unsignedByte) {
    return (hash ^ unsignedByte) * FNV_PRIME;
  }
}
