package com.busdk.upcloud.domain.container;

import java.time.Duration;

/** Formats durations the way the options spell them ({@code 10m}, {@code 5s}, {@code 1h30m}). */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    long seconds = d.toSeconds();
    StringBuilder out = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long secs = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (secs > 0) {
      out.append(secs).append('s');
    }
    return out.toString();
  }

  /** Whole seconds, rounded up, at least one: what a shell {@code timeout} can express. */
  static long ceilSeconds(Duration d) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  static Duration requirePositive(Duration d, String name) {
    if (d == null) {
      throw new NullPointerException(name + " is null");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
