package dev.tocsin.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class DeliveryLaneTest {

  @Test
  void runsTasksOneAtATimeInOrderAndRefusesBeyondItsCapacity() throws InterruptedException {
    DeliveryLane lane = new DeliveryLane("team/webhook_configs[0]", 2, Optional.empty());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();

    lane.submit("INC-1", () -> {
      started.countDown();
      await(release);
      ran.add(1);
    });
    started.await();
    lane.submit("INC-1", () -> ran.add(2));
    lane.submit("INC-1", () -> ran.add(3));

    assertThat(lane.hasRoom("INC-1")).isFalse();
    assertThat(lane.depth()).isEqualTo(3);
    assertThatThrownBy(() -> lane.submit("INC-1", () -> ran.add(4))).isInstanceOf(RejectedExecutionException.class);

    release.countDown();
    while (lane.depth() > 0) {
      Thread.onSpinWait();
    }
    assertThat(ran).containsExactly(1, 2, 3);
    lane.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void finishesQueuedWorkWhileRunning() throws InterruptedException {
    DeliveryLane lane = new DeliveryLane("log", 10, Optional.empty());
    CountDownLatch done = new CountDownLatch(3);
    List<Integer> ran = new CopyOnWriteArrayList<>();

    for (int i = 1; i <= 3; i++) {
      int n = i;
      lane.submit("INC-1", () -> {
        ran.add(n);
        done.countDown();
      });
    }
    done.await();

    assertThat(ran).containsExactly(1, 2, 3);
    lane.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void dropsWaitingTasksAndInterruptsTheRunningOneAfterTheGrace() throws InterruptedException {
    DeliveryLane lane = new DeliveryLane("slow", 1, Optional.empty());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    lane.submit("INC-1", () -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    started.await();
    List<String> ran = new CopyOnWriteArrayList<>();
    lane.submit("INC-1", () -> ran.add("queued"));

    assertThat(lane.shutdown(Duration.ZERO)).isTrue();

    assertThat(interrupted.getCount()).isZero();
    assertThat(ran).isEmpty();
    assertThat(lane.depth()).isZero();
  }

  @Test
  void keepsEachIncidentInOrderWhileAnotherIncidentsDeliveryGoesPastAStuckOne() throws InterruptedException {
    DeliveryLane lane = new DeliveryLane("team/webhook_configs[0]", 64, 4, Optional.empty());
    String stuck = "INC-STUCK";
    String other = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "INC-" + i)
        .filter(key -> Math.floorMod(key.hashCode(), 4) != Math.floorMod(stuck.hashCode(), 4)).findFirst()
        .orElseThrow();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherDone = new CountDownLatch(3);
    List<String> ran = new CopyOnWriteArrayList<>();

    lane.submit(stuck, () -> {
      await(release);
      ran.add(stuck + ":1");
    });
    lane.submit(stuck, () -> ran.add(stuck + ":2"));
    for (int i = 1; i <= 3; i++) {
      String entry = other + ":" + i;
      lane.submit(other, () -> {
        ran.add(entry);
        otherDone.countDown();
      });
    }
    otherDone.await();

    assertThat(ran).as("another incident is not held up behind the stuck one")
        .containsExactly(other + ":1", other + ":2", other + ":3");
    release.countDown();
    while (lane.depth() > 0) {
      Thread.onSpinWait();
    }
    assertThat(ran).containsSubsequence(stuck + ":1", stuck + ":2");
    assertThat(lane.shutdown(Duration.ofSeconds(1))).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
