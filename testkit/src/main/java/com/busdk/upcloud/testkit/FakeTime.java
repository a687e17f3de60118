package com.busdk.upcloud.testkit;

import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TimeSource} for tests. It records every sleep and delay asked for, so tests can assert
 * poll intervals, and it works in one of two ways:
 *
 * <ul>
 *   <li><b>Self-advancing</b> ({@link #FakeTime()}): a sleep or a delay returns at once and moves
 *       the clock forward, so a ten-minute polling loop runs in microseconds.
 *   <li><b>Manual</b> ({@link #manual()}): time moves only when the test calls {@link #advance}. A
 *       delay of {@link #after} stays pending until then, and a {@link #sleep} blocks until then;
 *       {@link #waiting()} counts both, so a test can wait for "every caller is waiting" ({@link
 *       #awaitWaiting}) instead of sleeping itself.
 * </ul>
 */
public final class FakeTime implements TimeSource {
  private final boolean manual;
  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  /** Pending delays of a manual clock, the earliest first; guarded by {@code this}. */
  private final PriorityQueue<Delay> delays = new PriorityQueue<>();

  /** Threads blocked in {@link #sleep} on a manual clock; guarded by {@code this}. */
  private int sleepers;

  private long sequence;

  /** A self-advancing clock starting at 2026-01-01T00:00:00Z. */
  public FakeTime() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A self-advancing clock starting at {@code start}. */
  public FakeTime(Instant start) {
    this(start, false);
  }

  private FakeTime(Instant start, boolean manual) {
    this.now = start;
    this.manual = manual;
  }

  /** A manual clock starting at 2026-01-01T00:00:00Z: only {@link #advance} moves it. */
  public static FakeTime manual() {
    return manual(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A manual clock starting at {@code start}: only {@link #advance} moves it. */
  public static FakeTime manual(Instant start) {
    return new FakeTime(start, true);
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException();
    }
    sleeps.add(duration);
    if (!manual) {
      now = now.plus(duration);
      return;
    }
    Instant deadline = now.plus(duration);
    sleepers++;
    notifyAll();
    try {
      while (now.isBefore(deadline)) {
        wait();
      }
    } finally {
      sleepers--;
      notifyAll();
    }
  }

  @Override
  public CompletableFuture<Void> after(Duration duration) {
    Delay delay;
    synchronized (this) {
      sleeps.add(duration);
      if (!manual) {
        now = now.plus(duration);
        return CompletableFuture.completedFuture(null);
      }
      if (duration.isNegative() || duration.isZero()) {
        return CompletableFuture.completedFuture(null);
      }
      delay = new Delay(now.plus(duration), sequence++);
      delays.add(delay);
      notifyAll();
    }
    var unused = delay.done.whenComplete((ok, failed) -> forget(delay));
    return delay.done;
  }

  /**
   * Moves the clock forward. On a manual clock the delays that fall due complete, the earliest
   * first, on the calling thread (so do the continuations that run where they complete), and the
   * sleepers that fall due return.
   */
  public void advance(Duration duration) {
    List<Delay> due = new ArrayList<>();
    synchronized (this) {
      now = now.plus(duration);
      while (!delays.isEmpty() && !delays.peek().deadline.isAfter(now)) {
        due.add(delays.poll());
      }
      notifyAll();
    }
    for (Delay delay : due) {
      delay.done.complete(null);
    }
  }

  /**
   * Callers waiting now: pending delays of {@link #after} and threads blocked in {@link #sleep}.
   */
  public synchronized int waiting() {
    return delays.size() + sleepers;
  }

  /**
   * Waits (really, up to {@code timeout}) until at least {@code callers} are {@link #waiting()}.
   *
   * @return false when the timeout passed first
   */
  public synchronized boolean awaitWaiting(int callers, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delays.size() + sleepers < callers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Every sleep and delay asked for, in order. */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** A delay completed by someone else (cancelled) leaves the queue. */
  private synchronized void forget(Delay delay) {
    if (delays.remove(delay)) {
      notifyAll();
    }
  }

  /** One pending delay of a manual clock. */
  private static final class Delay implements Comparable<Delay> {
    final Instant deadline;
    final long order;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Delay(Instant deadline, long order) {
      this.deadline = deadline;
      this.order = order;
    }

    @Override
    public int compareTo(Delay other) {
      int byDeadline = deadline.compareTo(other.deadline);
      return byDeadline != 0 ? byDeadline : Long.compare(order, other.order);
    }
  }
}
