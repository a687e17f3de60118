package com.busdk.upcloud.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/** The embedded Events API's open streams, with a wait for their count to change. */
final class OpenStreams<S> {
  private final Set<S> open = new HashSet<>();

  synchronized void add(S stream) {
    open.add(stream);
    notifyAll();
  }

  synchronized void remove(S stream) {
    if (open.remove(stream)) {
      notifyAll();
    }
  }

  /** Takes every open stream out of the set, for the caller to end. */
  synchronized List<S> removeAll() {
    List<S> all = new ArrayList<>(open);
    open.clear();
    notifyAll();
    return all;
  }

  synchronized int size() {
    return open.size();
  }

  /** Waits until the count satisfies {@code test}; false when {@code timeout} passes first. */
  synchronized boolean await(IntPredicate test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!test.test(open.size())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
