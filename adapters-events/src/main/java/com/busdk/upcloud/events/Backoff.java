package com.busdk.upcloud.events;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter, so a fleet of workers does not reconnect in lock-step
 * after the Events API restarts.
 */
final class Backoff {
  private final Duration min;
  private final Duration max;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
  }

  /** The pause before retry number {@code attempt} (0 for the first retry). */
  Duration delay(int attempt) {
    long minMillis = Math.max(1, min.toMillis());
    long maxMillis = Math.max(minMillis, max.toMillis());
    long ceiling = minMillis << Math.min(attempt, 20);
    ceiling = Math.min(maxMillis, ceiling);
    long floor = Math.max(minMillis, ceiling / 2);
    long jittered =
        floor >= ceiling ? ceiling : ThreadLocalRandom.current().nextLong(floor, ceiling + 1);
    return Duration.ofMillis(jittered);
  }
}
