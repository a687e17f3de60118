package com.busdk.upcloud.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The clock and the waiting in one port, so every wait is bounded by explicit deadlines and tests
 * can run hours of polling without real sleeping.
 *
 * <p>Two ways to wait: {@link #after} is a pending future, so a caller polling every few seconds
 * holds no thread between polls; {@link #sleep} blocks the calling thread, for the few callers that
 * are themselves a blocking step.
 */
public interface TimeSource {

  Instant now();

  /**
   * Blocks the calling thread for {@code duration}.
   *
   * @throws InterruptedException when the thread is interrupted meanwhile (shutdown)
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * A future that completes once {@code duration} has passed on this clock; a zero or negative
   * duration gives a completed future. No thread waits for it: the system clock keeps one timer
   * entry, and a test clock completes it when the test moves time past its deadline.
   *
   * <p>The future completes on the time source's own thread (one timer thread shared by the
   * process). Work that follows it and may block, a cloud call for example, belongs on an executor
   * of the caller's: {@code after(d).thenRunAsync(step, executor)}. Cancelling the future drops its
   * timer entry.
   */
  CompletableFuture<Void> after(Duration duration);

  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
