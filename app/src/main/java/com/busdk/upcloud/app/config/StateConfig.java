package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where run state lives and how much of it is kept.
 *
 * @param stateDir directory of the run journal; null keeps the journal in memory ({@code --local},
 *     {@code --self-test})
 * @param maxRuns finished runs kept
 * @param maxRunBytes bytes of finished runs kept
 * @param maxAnswers answers kept for redelivery
 * @param maxAnswerBytes bytes of answers kept for redelivery
 * @param outputLimitBytes bytes of stdout, and of stderr, kept of one run
 */
public record StateConfig(
    Path stateDir,
    int maxRuns,
    long maxRunBytes,
    int maxAnswers,
    long maxAnswerBytes,
    long outputLimitBytes) {
  /** The journal's file name inside the state directory. */
  public static final String JOURNAL_FILE = "journal.db";

  public StateConfig {
    if (maxRuns < 1 || maxAnswers < 1 || maxRunBytes < 1 || maxAnswerBytes < 1) {
      throw new IllegalArgumentException("journal bounds must be positive");
    }
    if (outputLimitBytes < 1) {
      throw new IllegalArgumentException("outputLimitBytes must be positive");
    }
  }

  /** The same bounds with the journal in memory. */
  public StateConfig inMemory() {
    return new StateConfig(
        null, maxRuns, maxRunBytes, maxAnswers, maxAnswerBytes, outputLimitBytes);
  }

  /** The journal file, when the journal is on disk. */
  public Path journalFile() {
    return requireNonNull(stateDir, "the journal is in memory").resolve(JOURNAL_FILE);
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }
}
