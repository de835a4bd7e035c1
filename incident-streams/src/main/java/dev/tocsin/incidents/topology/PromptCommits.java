package dev.tocsin.incidents.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits sooner when input is sparse. Under exactly-once, what a processor writes is visible
 * downstream only once its transaction commits, every {@code commit.interval.ms} (100 ms): each
 * hop of the topology would add that much to a quiet engine's alert-to-page time. So while a
 * processor sees few records (at most {@value #SPARSE_RECORDS} in the current and the previous
 * {@value #WINDOW_MS} ms), each record asks Streams to commit right after it is processed (the
 * records of one pass of the stream thread share the commit); in a storm nothing is asked and
 * records are committed together
 * on the interval, which keeps transactions few when throughput matters. Only records someone
 * waits for ask: an alert (its page) and a command (its answer), not a delivery result, whose
 * timeline entry can wait for the interval; each commit is a transaction, a handful of broker
 * requests. One per processor instance; not thread-safe (a processor runs on one stream thread).
 */
final class PromptCommits {
  static final long WINDOW_MS = 100;
  static final int SPARSE_RECORDS = 10;

  private long windowStart = Long.MIN_VALUE / 2;
  private int inWindow;
  private int previousWindow;

  /**
   * Takes note of a record being processed now and, when {@code awaited} (its output is what
   * someone waits for), asks for a commit while input is sparse.
   */
  void processing(ProcessorContext<?, ?> context, boolean awaited) {
    long now = context.currentSystemTimeMs();
    if (now - windowStart >= WINDOW_MS) {
      previousWindow = now - windowStart >= 2 * WINDOW_MS ? 0 : inWindow;
      inWindow = 0;
      windowStart = now;
    }
    inWindow++;
    if (awaited && inWindow + previousWindow <= SPARSE_RECORDS) {
      // No minimum gap: a record arriving just after a commit would otherwise wait a whole interval.
      context.commit();
    }
  }
}
