package dev.tocsin.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionWorkTest {

  @Test
  void commitsOnlyTheContiguousFinishedPrefix() {
    PartitionWork work = new PartitionWork();
    PartitionWork.Dispatched first = work.dispatch(10, 2);
    PartitionWork.Dispatched second = work.dispatch(11, 1);
    PartitionWork.Dispatched third = work.dispatch(13, 1);

    second.partFinished();
    third.partFinished();
    assertThat(work.committable()).hasValue(10);

    first.partFinished();
    assertThat(work.committable()).hasValue(10);

    first.partFinished();
    assertThat(work.committable()).hasValue(14);
    assertThat(work.unfinished()).isZero();
  }

  @Test
  void offersAnOffsetOnlyWhenItMoved() {
    PartitionWork work = new PartitionWork();
    assertThat(work.committable()).isEmpty();

    work.dispatch(0, 1).partFinished();
    assertThat(work.committable()).hasValue(1);
    work.committed(1);

    assertThat(work.committable()).isEmpty();
  }

  @Test
  void startsNoWorkOnceRevokedAndWaitsForWorkUnderWay() throws InterruptedException {
    PartitionWork work = new PartitionWork();
    assertThat(work.begin()).isTrue();

    work.revoke();

    assertThat(work.begin()).isFalse();
    assertThat(work.awaitIdle(System.nanoTime())).isFalse();
    Thread finisher = new Thread(work::end);
    finisher.start();
    assertThat(work.awaitIdle(System.nanoTime() + 60_000_000_000L)).isTrue();
    finisher.join();
  }
}
