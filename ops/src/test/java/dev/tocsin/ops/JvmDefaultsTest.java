package dev.tocsin.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JvmDefaultsTest {
  private final String before = System.getProperty(JvmDefaults.COMMON_POOL_PARALLELISM);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(JvmDefaults.COMMON_POOL_PARALLELISM);
    } else {
      System.setProperty(JvmDefaults.COMMON_POOL_PARALLELISM, before);
    }
  }

  @Test
  void commonPoolGetsAtLeastTwoThreadsSoAsyncStagesDoNotEachStartAThread() {
    System.clearProperty(JvmDefaults.COMMON_POOL_PARALLELISM);

    JvmDefaults.apply();

    assertThat(Integer.parseInt(System.getProperty(JvmDefaults.COMMON_POOL_PARALLELISM)))
        .isGreaterThanOrEqualTo(JvmDefaults.MIN_COMMON_POOL_PARALLELISM)
        .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors() - 1);
  }

  @Test
  void aParallelismSetOnTheCommandLineIsKept() {
    System.setProperty(JvmDefaults.COMMON_POOL_PARALLELISM, "1");

    JvmDefaults.apply();

    assertThat(System.getProperty(JvmDefaults.COMMON_POOL_PARALLELISM)).isEqualTo("1");
  }
}
