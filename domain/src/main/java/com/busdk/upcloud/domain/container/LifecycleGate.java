package com.busdk.upcloud.domain.container;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * One runner lifecycle change at a time (an ensure, a delete), without tying the change to a
 * thread: an ensure that waits for the runner to boot holds the gate across many timer entries and
 * threads. A caller waiting for the gate waits as a pending future.
 */
final class LifecycleGate {
  private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private boolean held;

  /**
   * A future that completes once the caller holds the gate; completed at once when it is free. A
   * holder must {@link #release} exactly once. Cancelling a pending acquire gives up the place.
   */
  synchronized CompletableFuture<Void> acquire() {
    if (!held) {
      held = true;
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> turn = new CompletableFuture<>();
    waiting.add(turn);
    return turn;
  }

  /** Hands the gate to the next waiter (completing its future on this thread), or frees it. */
  void release() {
    while (true) {
      CompletableFuture<Void> next;
      synchronized (this) {
        next = waiting.poll();
        if (next == null) {
          held = false;
          return;
        }
      }
      if (next.complete(null)) {
        return;
      }
    }
  }
}
