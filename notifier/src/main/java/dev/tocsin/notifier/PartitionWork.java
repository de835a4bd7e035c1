package dev.tocsin.notifier;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work under way for one assigned partition: the records handed to delivery lanes in offset
 * order, which of them are finished, and so the offset that may be committed (the lowest
 * unfinished one: a record counts only when every lane has delivered it and Kafka acknowledged
 * its results). Also a gate: once the partition is revoked no further work for it starts, and
 * the consumer can wait for the work already started. Dispatching and committing belong to the
 * consumer thread; {@link Dispatched#partFinished()}, {@link #begin()} and {@link #end()} may be
 * called from any thread.
 */
final class PartitionWork {
  private final ArrayDeque<Dispatched> dispatched = new ArrayDeque<>();
  private long next = -1;
  private long committed = -1;
  private boolean revoked;
  private int running;

  /** A record handed over for delivery in {@code parts} pieces (one per lane); finished when each piece is. */
  static final class Dispatched {
    private final long offset;
    private final AtomicInteger parts;

    private Dispatched(long offset, int parts) {
      this.offset = offset;
      this.parts = new AtomicInteger(parts);
    }

    /** One piece is done, its results acknowledged. */
    void partFinished() {
      parts.decrementAndGet();
    }

    boolean finished() {
      return parts.get() <= 0;
    }

    long offset() {
      return offset;
    }
  }

  /** Records that the record at {@code offset} (above every earlier one) is handed over in {@code parts} pieces. */
  Dispatched dispatch(long offset, int parts) {
    if (offset < next) {
      throw new IllegalArgumentException("offset " + offset + " dispatched after " + (next - 1));
    }
    Dispatched record = new Dispatched(offset, parts);
    dispatched.add(record);
    next = offset + 1;
    return record;
  }

  /**
   * The offset to commit if it moved since the last {@link #committed(long)}: the lowest
   * unfinished record's, or the one after the last record dispatched when all are finished.
   */
  OptionalLong committable() {
    while (!dispatched.isEmpty() && dispatched.peek().finished()) {
      dispatched.poll();
    }
    long offset = dispatched.isEmpty() ? next : dispatched.peek().offset();
    return offset < 0 || offset == committed ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  /** Kafka took {@code offset} as the group's position. */
  void committed(long offset) {
    committed = offset;
  }

  /** Records handed over and not yet finished. */
  int unfinished() {
    committable();
    return dispatched.size();
  }

  /**
   * Called by a lane before it starts a piece of this partition's work.
   *
   * @return false if the partition was revoked: the piece must not start (its new owner does it)
   */
  synchronized boolean begin() {
    if (revoked) {
      return false;
    }
    running++;
    return true;
  }

  /** The piece started by {@link #begin()} is over, its writes acknowledged or failed. */
  synchronized void end() {
    running--;
    notifyAll();
  }

  /** No piece starts from now on. */
  synchronized void revoke() {
    revoked = true;
  }

  /**
   * Waits until no piece is running, or until {@code deadlineNanos} ({@link System#nanoTime()}).
   *
   * @return true if none is running
   */
  synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    while (running > 0) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
