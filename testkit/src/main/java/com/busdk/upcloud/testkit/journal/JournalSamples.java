package com.busdk.upcloud.testkit.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.RunState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Runs, bounds and answer sizes for journal tests: what {@link RunJournalContract} records. */
public final class JournalSamples {
  /** Generous bounds, for tests that are not about bounds. */
  public static final JournalLimits ROOMY =
      new JournalLimits(
          1_000, 16L << 20, Duration.ofDays(1), 1_000, 16L << 20, Duration.ofHours(2));

  /** The answers' JSON as the contract's encoder writes it; payloads are plain strings. */
  public static final Function<Object, String> ENCODER =
      payload -> "{\"answer\":\"" + payload + "\"}";

  private JournalSamples() {}

  /** A run of {@code owner} started by {@code worker} at {@code at}, still running. */
  public static RunEntry started(String owner, String runId, String worker, Instant at) {
    return RunEntry.started(
        new RunEntry.Key(owner, runId),
        new RunEntry.Launch(
            "corr-" + runId,
            worker,
            "alpine:3",
            List.of("echo", runId),
            "runner-1",
            "bus-" + runId,
            at));
  }

  /** A run started at {@code start} that completed at {@code end}, printing {@code out}. */
  public static RunEntry finishedRun(String owner, String runId, Instant start, Instant end) {
    return started(owner, runId, "worker-a", start)
        .finished(RunState.COMPLETED, end, 0, new RunOutput("out", false, "", false), null);
  }

  /** Bounds with these counts, bytes and run time to live; answers live two hours. */
  public static JournalLimits limits(
      int maxRuns, long maxRunBytes, Duration runTtl, int maxAnswers, long maxAnswerBytes) {
    return new JournalLimits(
        maxRuns, maxRunBytes, runTtl, maxAnswers, maxAnswerBytes, Duration.ofHours(2));
  }

  /** What a kept answer counts: its key and its JSON text by {@link #ENCODER}, in UTF-8. */
  public static long answerBytes(RequestKey key, Object payload) {
    return key.approximateBytes() + ENCODER.apply(payload).getBytes(StandardCharsets.UTF_8).length;
  }
}
