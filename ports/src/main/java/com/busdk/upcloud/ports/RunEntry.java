package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One container run as the journal keeps it: which run it is ({@link Key}), what was started where
 * ({@link Launch}, fixed once recorded), its {@link RunState}, how it ended ({@link Outcome}) and
 * what it printed ({@link RunOutput}).
 */
public record RunEntry(Key key, Launch launch, RunState state, Outcome outcome, RunOutput output) {
  public RunEntry {
    requireNonNull(key, "key is null");
    requireNonNull(launch, "launch is null");
    requireNonNull(state, "state is null");
    outcome = outcome == null ? Outcome.NONE : outcome;
    output = output == null ? RunOutput.NONE : output;
  }

  /** A new run, recorded as running before its container starts. */
  public static RunEntry started(Key key, Launch launch) {
    return new RunEntry(key, launch, RunState.RUNNING, Outcome.NONE, RunOutput.NONE);
  }

  /**
   * This run ended in {@code newState} at {@code at}; a deleted run stays deleted, and a run that
   * already ended keeps its first end time and, when {@code why} is null, its message.
   */
  public RunEntry finished(
      RunState newState, Instant at, Integer exitCode, RunOutput printed, String why) {
    return new RunEntry(
        key,
        launch,
        state == RunState.DELETED ? RunState.DELETED : newState,
        new Outcome(exitCode, why == null ? outcome.message() : why, outcome.finishedAtOr(at)),
        printed);
  }

  /** Marked deleted by its owner, keeping what is known of its end. */
  public RunEntry deleted(Instant at) {
    return new RunEntry(
        key,
        launch,
        RunState.DELETED,
        new Outcome(outcome.exitCode(), outcome.message(), outcome.finishedAtOr(at)),
        output);
  }

  public boolean isRunning() {
    return state == RunState.RUNNING;
  }

  /** When this run stopped running, for its age: its end, else its start; null while it runs. */
  public Instant settledAt() {
    if (isRunning()) {
      return null;
    }
    return outcome.finishedAtOr(launch.startedAt());
  }

  /** About how many bytes this entry takes when kept: its text in UTF-8 plus a fixed overhead. */
  public long approximateBytes() {
    long bytes = 128;
    for (String s :
        List.of(
            key.owner(),
            key.runId(),
            launch.correlationId(),
            launch.worker(),
            launch.image(),
            launch.runnerName(),
            launch.containerName(),
            output.stdout(),
            output.stderr())) {
      bytes += utf8Length(s);
    }
    for (String a : launch.args()) {
      bytes += utf8Length(a) + 8;
    }
    return outcome.message() == null ? bytes : bytes + utf8Length(outcome.message());
  }

  static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A run is known by its owner and its run id together. */
  public record Key(String owner, String runId) {
    public Key {
      requireNonNull(owner, "owner is null");
      requireNonNull(runId, "runId is null");
    }
  }

  /**
   * What was started, where and for whom; fixed once the run is recorded.
   *
   * @param correlationId the correlation id of the run request, so a restarted worker can answer it
   * @param worker the consumer id of the worker that started it
   * @param containerName the Podman container name on the runner
   */
  public record Launch(
      String correlationId,
      String worker,
      String image,
      List<String> args,
      String runnerName,
      String containerName,
      Instant startedAt) {
    public Launch {
      requireNonNull(correlationId, "correlationId is null");
      requireNonNull(worker, "worker is null");
      requireNonNull(image, "image is null");
      args = args == null ? List.of() : List.copyOf(args);
      requireNonNull(runnerName, "runnerName is null");
      requireNonNull(containerName, "containerName is null");
      requireNonNull(startedAt, "startedAt is null");
    }
  }

  /**
   * How a run ended; all null while it runs.
   *
   * @param exitCode null until the container process exited
   * @param message why a run failed or was interrupted; null otherwise
   * @param finishedAt null while running
   */
  public record Outcome(Integer exitCode, String message, Instant finishedAt) {
    /** Not ended. */
    public static final Outcome NONE = new Outcome(null, null, null);

    /** The end time when known, else {@code fallback}. */
    public Instant finishedAtOr(Instant fallback) {
      return finishedAt == null ? fallback : finishedAt;
    }
  }
}
