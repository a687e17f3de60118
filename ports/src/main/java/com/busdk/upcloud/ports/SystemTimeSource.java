package com.busdk.upcloud.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The wall clock. Delays of {@link #after} are entries of one scheduler with one daemon thread,
 * started at the first delay; completing a delay is all that thread does.
 */
enum SystemTimeSource implements TimeSource {
  INSTANCE;

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
    }
  }

  @Override
  public CompletableFuture<Void> after(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    ScheduledFuture<?> entry =
        Timer.SCHEDULER.schedule(
            () -> done.complete(null), saturatedNanos(duration), TimeUnit.NANOSECONDS);
    // A cancelled wait leaves no entry behind (the scheduler removes cancelled entries).
    var unused = done.whenComplete((ok, failed) -> entry.cancel(false));
    return done;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The one timer thread, made when the first delay is asked for. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor SCHEDULER = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor scheduler =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "bus-time-after");
                thread.setDaemon(true);
                return thread;
              });
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }
}
