package dev.tocsin.ops;

/**
 * Process-wide JVM settings every service's {@code main} applies first, before any library
 * touches {@code CompletableFuture} or the common fork-join pool.
 */
public final class JvmDefaults {
  /** The system property that sizes the common fork-join pool. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  /** The smallest common pool with which {@code CompletableFuture} runs async stages on it. */
  static final int MIN_COMMON_POOL_PARALLELISM = 2;

  private JvmDefaults() {
  }

  /**
   * On a machine with two cores the common pool has a parallelism of one, and then every
   * {@code CompletableFuture} async stage without an executor gets a thread of its own, started
   * and discarded. The JDK HTTP client completes every {@code sendAsync} that way, so the
   * notifier started a thread per delivery (about 35 a second at 20 alerts a second). A
   * parallelism of two makes those stages run on two pooled threads. A value set on the command
   * line is kept.
   */
  public static void apply() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(COMMON_POOL_PARALLELISM,
          String.valueOf(Math.max(MIN_COMMON_POOL_PARALLELISM, cores - 1)));
    }
  }
}
