package com.busdk.upcloud.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeTimeTest {
  private static final Duration FIVE = Duration.ofSeconds(5);

  @Test
  void aSelfAdvancingClockMovesOnEachSleepAndDelay() throws Exception {
    FakeTime time = new FakeTime();
    Instant start = time.now();
    time.sleep(FIVE);
    assertTrue(time.after(FIVE).isDone());
    assertEquals(start.plus(FIVE.multipliedBy(2)), time.now());
    assertEquals(List.of(FIVE, FIVE), time.sleeps());
    assertEquals(0, time.waiting());
  }

  @Test
  void aManualDelayWaitsUntilTimeIsAdvancedPastItsDeadline() {
    FakeTime time = FakeTime.manual();
    CompletableFuture<Void> early = time.after(FIVE);
    CompletableFuture<Void> late = time.after(FIVE.multipliedBy(2));
    assertEquals(2, time.waiting());
    time.advance(Duration.ofSeconds(4));
    assertFalse(early.isDone());
    time.advance(Duration.ofSeconds(1));
    assertTrue(early.isDone());
    assertFalse(late.isDone());
    assertEquals(1, time.waiting());
    time.advance(FIVE);
    assertTrue(late.isDone());
    assertEquals(0, time.waiting());
  }

  @Test
  void dueDelaysCompleteEarliestFirst() {
    FakeTime time = FakeTime.manual();
    List<String> order = new ArrayList<>();
    time.after(FIVE.multipliedBy(2)).thenRun(() -> order.add("ten"));
    time.after(FIVE).thenRun(() -> order.add("five"));
    time.advance(Duration.ofMinutes(1));
    assertEquals(List.of("five", "ten"), order);
  }

  @Test
  void aCancelledDelayStopsWaiting() {
    FakeTime time = FakeTime.manual();
    CompletableFuture<Void> delay = time.after(FIVE);
    assertEquals(1, time.waiting());
    delay.cancel(false);
    assertEquals(0, time.waiting());
  }

  @Test
  void aManualSleepBlocksUntilAdvancedAndCountsAsWaiting() throws Exception {
    FakeTime time = FakeTime.manual();
    CompletableFuture<Void> slept =
        CompletableFuture.runAsync(
            () -> {
              try {
                time.sleep(FIVE);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(time.awaitWaiting(1, Duration.ofSeconds(30)));
    assertFalse(slept.isDone());
    time.advance(FIVE);
    slept.get(30, TimeUnit.SECONDS);
    assertEquals(0, time.waiting());
  }
}
