package com.busdk.upcloud.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemTimeSourceTest {
  private final TimeSource time = TimeSource.system();

  @Test
  void aDelayCompletesOnTheOneSharedDaemonTimerThread() throws Exception {
    AtomicReference<Thread> completedOn = new AtomicReference<>();
    CompletableFuture<Void> delay = time.after(Duration.ofMillis(1));
    delay.thenRun(() -> completedOn.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
    Thread first = completedOn.get();
    if (first != Thread.currentThread()) {
      assertEquals("bus-time-after", first.getName());
      assertTrue(first.isDaemon());
    }
    CompletableFuture<Thread> second = new CompletableFuture<>();
    time.after(Duration.ofMillis(1)).thenRun(() -> second.complete(Thread.currentThread()));
    Thread secondThread = second.get(10, TimeUnit.SECONDS);
    if (first != Thread.currentThread() && secondThread != Thread.currentThread()) {
      assertEquals(first, secondThread, "one timer thread for every delay");
    }
  }

  @Test
  void aZeroOrNegativeDelayIsAlreadyOver() {
    assertTrue(time.after(Duration.ZERO).isDone());
    assertTrue(time.after(Duration.ofSeconds(-1)).isDone());
  }

  @Test
  void aCancelledDelayNeverCompletesNormally() {
    CompletableFuture<Void> delay = time.after(Duration.ofDays(1));
    assertTrue(delay.cancel(false));
    assertTrue(delay.isCancelled());
  }
}
