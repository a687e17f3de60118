package com.busdk.upcloud.benchmarks;

import java.util.Arrays;

/** Order statistics over measured durations. */
final class Stats {
  private Stats() {}

  /** The nearest-rank percentile {@code p} (0 < p <= 100) of {@code values}, which it sorts. */
  static long percentile(long[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile out of range: " + p);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  static long median(long[] values) {
    return percentile(values, 50);
  }

  static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
