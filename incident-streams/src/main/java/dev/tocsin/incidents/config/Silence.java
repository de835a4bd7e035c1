package dev.tocsin.incidents.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * A silence, as in Alertmanager: from {@code startsAt} (inclusive) until {@code endsAt}
 * (exclusive) it mutes notifications for alerts its matchers match; incidents still open.
 * Immutable.
 */
public record Silence(String id, Matchers matchers, Instant startsAt, Instant endsAt, String createdBy,
    String comment) {
  public Silence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(matchers, "matchers");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(comment, "comment");
    if (!endsAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("silence " + id + " must end after it starts");
    }
  }

  /**
   * An id derived from the silence's content, {@code silence-} and 12 hex digits: the same
   * silence written again gets the same id, so restarting with the same file changes nothing.
   */
  public static String derivedId(Matchers matchers, Instant startsAt, Instant endsAt, String createdBy,
      String comment) {
    String content = String.join("\u0000", matchers.toString(), startsAt.toString(), endsAt.toString(), createdBy,
        comment);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "silence-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Whether the silence is in force at {@code now}: started, and not yet ended. */
  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  /** Whether the silence mutes an alert with {@code labels} at {@code now}. */
  public boolean mutes(Map<String, String> labels, Instant now) {
    return activeAt(now) && matchers.matches(labels);
  }
}
