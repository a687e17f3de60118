package com.busdk.upcloud.testkit;

import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TimeSource} whose sleeps return at once and move the clock forward, so a ten-minute
 * polling loop runs in microseconds. It records every sleep so tests can assert poll intervals.
 */
public final class FakeTime implements TimeSource {
  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  public FakeTime() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public FakeTime(Instant start) {
    this.now = start;
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
    now = now.plus(duration);
  }

  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
