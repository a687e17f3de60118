package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Bounds of a {@link RunJournal}: finished runs and kept answers are dropped oldest first beyond a
 * count, beyond a total of bytes, or after their time to live.
 */
public record JournalLimits(
    int maxRuns,
    long maxRunBytes,
    Duration runTtl,
    int maxAnswers,
    long maxAnswerBytes,
    Duration answerTtl) {
  public JournalLimits {
    requireNonNull(runTtl, "runTtl is null");
    requireNonNull(answerTtl, "answerTtl is null");
    if (maxRuns < 1 || maxAnswers < 1 || maxRunBytes < 1 || maxAnswerBytes < 1) {
      throw new IllegalArgumentException("journal limits must be positive");
    }
    if (runTtl.isNegative() || runTtl.isZero() || answerTtl.isNegative() || answerTtl.isZero()) {
      throw new IllegalArgumentException("journal times to live must be positive");
    }
  }

  /**
   * For a journal on disk: 10,000 runs or 256 MiB, kept 7 days; 10,000 answers or 256 MiB, kept 2
   * hours (longer than the 35-minute staleness bound of runs, so a redelivery finds its answer).
   */
  public static JournalLimits durableDefaults() {
    return new JournalLimits(
        10_000, 256L << 20, Duration.ofDays(7), 10_000, 256L << 20, Duration.ofHours(2));
  }

  /**
   * For a journal in the heap (--local, --self-test, tests): 1,000 runs or 8 MiB, same for answers.
   */
  public static JournalLimits inMemoryDefaults() {
    return new JournalLimits(
        1_000, 8L << 20, Duration.ofDays(1), 1_000, 8L << 20, Duration.ofHours(2));
  }
}
