package com.busdk.upcloud.journal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * Times as the journal stores them: nanoseconds since the epoch. Exact, ordered as integers, and
 * enough for the years 1677 to 2262.
 */
final class Nanos {
  private static final long PER_SECOND = 1_000_000_000L;

  private Nanos() {}

  static long of(Instant instant) {
    requireNonNull(instant, "instant is null");
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("instant " + instant + " is out of the journal's range");
    }
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, PER_SECOND), Math.floorMod(nanos, PER_SECOND));
  }

  /** {@code now} less {@code age}; {@link Long#MIN_VALUE} when that lies before the range. */
  static long before(long now, Duration age) {
    try {
      return Math.subtractExact(now, age.toNanos());
    } catch (ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }
}
