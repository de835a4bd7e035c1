package dev.tocsin.ingest.domain;

/**
 * Bounds every alert source enforces on one request, so a single sender cannot flood Kafka or
 * the engine's state: alerts per request, labels (and annotations) per alert, key and value length.
 */
public record AlertLimits(int maxAlerts, int maxLabels, int maxKeyLength, int maxValueLength) {
  /** Defaults: 1000 alerts, 64 labels, 256-character names, 16 KiB values. */
  public static final AlertLimits DEFAULT = new AlertLimits(1000, 64, 256, 16 * 1024);

  public AlertLimits {
    if (maxAlerts < 1 || maxLabels < 1 || maxKeyLength < 1 || maxValueLength < 1) {
      throw new IllegalArgumentException("alert limits must be positive: " + maxAlerts + ", " + maxLabels + ", "
          + maxKeyLength + ", " + maxValueLength);
    }
  }
}
