package dev.tocsin.incidents.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class PromptCommitsTest {
  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final PromptCommits commits = new PromptCommits();

  private boolean asksAt(long ms, boolean awaited) {
    context.setCurrentSystemTimeMs(ms);
    context.resetCommit();
    commits.processing(context, awaited);
    return context.committed();
  }

  @Test
  void aSparseRecordSomeoneWaitsForAsksForACommitAtOnce() {
    assertThat(asksAt(1_000, true)).isTrue();
    assertThat(asksAt(1_050, true)).isTrue();
  }

  @Test
  void aDeliveryResultDoesNotAskEvenWhenSparse() {
    assertThat(asksAt(1_000, false)).isFalse();
    assertThat(asksAt(1_050, true)).as("the next awaited record still does").isTrue();
  }

  @Test
  void aRecordRightAfterAnotherAsksToo() {
    assertThat(asksAt(1_000, true)).isTrue();
    assertThat(asksAt(1_001, true)).as("or it would wait a whole commit interval").isTrue();
  }

  @Test
  void inAStormNothingIsAskedAndRecordsWaitForTheInterval() {
    long t = 1_000;
    for (int i = 0; i < PromptCommits.SPARSE_RECORDS; i++) {
      asksAt(t, true);
      t += 5;
    }
    assertThat(asksAt(t, true)).as("the record past the sparse bound").isFalse();
    assertThat(asksAt(t + 3 * PromptCommits.WINDOW_MS, true)).as("sparse again after a quiet window").isTrue();
  }
}
