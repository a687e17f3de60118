package com.busdk.upcloud.domain.container;

import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link FakeTime} that can change the world after a given number of sleeps (or delays of {@link
 * #after}), the way a cloud server finishes its maintenance while the worker polls.
 */
final class SteppingTime implements TimeSource {
  private final FakeTime clock = new FakeTime();
  private final Map<Integer, Runnable> actions = new HashMap<>();
  private int sleeps;

  @Override
  public Instant now() {
    return clock.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    clock.sleep(duration);
    stepped();
  }

  @Override
  public CompletableFuture<Void> after(Duration duration) {
    var unused = clock.after(duration);
    stepped();
    return CompletableFuture.completedFuture(null);
  }

  private void stepped() {
    Runnable action;
    synchronized (this) {
      sleeps++;
      action = actions.remove(sleeps);
    }
    if (action != null) {
      action.run();
    }
  }

  /** Runs {@code action} right after the {@code n}-th sleep from now. */
  synchronized void afterSleeps(int n, Runnable action) {
    actions.put(sleeps + n, action);
  }

  List<Duration> sleeps() {
    return clock.sleeps();
  }
}
