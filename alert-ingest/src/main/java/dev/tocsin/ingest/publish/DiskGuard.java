package dev.tocsin.ingest.publish;

import dev.tocsin.avro.Alert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses alerts while the disk Kafka writes to runs low: below {@code minFreeBytes} usable on
 * {@code dataDir}, a publish fails at once (answered 503 with {@code Retry-After}, so the sender
 * keeps the alert and retries) and ingest says it is not ready, instead of letting the embedded
 * broker fill the disk and halt the process. Free space is read at most once a second; the first
 * refusal and the recovery are logged once each. Wraps the publisher it guards. Thread-safe.
 */
public final class DiskGuard implements AlertPublisher {
  private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);

  private final AlertPublisher delegate;
  private final Path dataDir;
  private final long minFreeBytes;
  private final ToLongFunction<Path> usableBytes;
  private final long checkIntervalNanos;
  private volatile long checkedAtNanos;
  private volatile long usable = Long.MAX_VALUE;
  private volatile boolean low;

  /** Guards {@code delegate} with the file system's usable space on {@code dataDir}. */
  public DiskGuard(AlertPublisher delegate, Path dataDir, long minFreeBytes) {
    this(delegate, dataDir, minFreeBytes, DiskGuard::usableSpace, CHECK_INTERVAL_NANOS);
  }

  DiskGuard(AlertPublisher delegate, Path dataDir, long minFreeBytes, ToLongFunction<Path> usableBytes,
      long checkIntervalNanos) {
    this.checkIntervalNanos = checkIntervalNanos;
    this.delegate = delegate;
    this.dataDir = dataDir;
    this.minFreeBytes = minFreeBytes;
    this.usableBytes = usableBytes;
    this.checkedAtNanos = System.nanoTime() - checkIntervalNanos;
  }

  @Override
  public CompletableFuture<Void> publish(List<Alert> alerts) {
    if (diskLow()) {
      return CompletableFuture.failedFuture(new PublishException(problem()));
    }
    return delegate.publish(alerts);
  }

  @Override
  public boolean isReady() {
    return !diskLow() && delegate.isReady();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** What a refused request is told (no path beyond the data directory's own). */
  String problem() {
    return "the data directory " + dataDir + " has " + mib(usable) + " MiB free, below the " + mib(minFreeBytes)
        + " MiB ingest keeps free";
  }

  private boolean diskLow() {
    long now = System.nanoTime();
    if (now - checkedAtNanos >= checkIntervalNanos) {
      checkedAtNanos = now;
      usable = usableBytes.applyAsLong(dataDir);
      boolean nowLow = usable < minFreeBytes;
      if (nowLow != low) {
        if (nowLow) {
          LOG.error("disk nearly full: {}; refusing alerts with 503 until space is freed", problem());
        } else {
          LOG.info("disk space back: {} MiB free in {}; accepting alerts again", mib(usable), dataDir);
        }
        low = nowLow;
      }
    }
    return low;
  }

  private static long usableSpace(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      // Unreadable: say nothing is free rather than write blind.
      return 0;
    }
  }

  private static long mib(long bytes) {
    return bytes / (1024 * 1024);
  }
}
