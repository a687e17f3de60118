package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One container run as the journal keeps it.
 *
 * @param correlationId the correlation id of the run request, so a restarted worker can answer it
 * @param worker the consumer id of the worker that started it
 * @param containerName the Podman container name on the runner
 * @param exitCode null until the container process exited
 * @param stdout captured output, already capped; empty while running
 * @param message why a run failed or was interrupted; null otherwise
 * @param finishedAt null while running
 */
public record RunEntry(
    String owner,
    String runId,
    String correlationId,
    String worker,
    String image,
    List<String> args,
    String runnerName,
    String containerName,
    RunState state,
    Integer exitCode,
    String stdout,
    boolean stdoutTruncated,
    String stderr,
    boolean stderrTruncated,
    String message,
    Instant startedAt,
    Instant finishedAt) {
  public RunEntry {
    requireNonNull(owner, "owner is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(worker, "worker is null");
    requireNonNull(image, "image is null");
    args = args == null ? List.of() : List.copyOf(args);
    requireNonNull(runnerName, "runnerName is null");
    requireNonNull(containerName, "containerName is null");
    requireNonNull(state, "state is null");
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    requireNonNull(startedAt, "startedAt is null");
  }

  /** A new run, recorded as running before its container starts. */
  public static RunEntry started(
      String owner,
      String runId,
      String correlationId,
      String worker,
      String image,
      List<String> args,
      String runnerName,
      String containerName,
      Instant startedAt) {
    return new RunEntry(
        owner,
        runId,
        correlationId,
        worker,
        image,
        args,
        runnerName,
        containerName,
        RunState.RUNNING,
        null,
        "",
        false,
        "",
        false,
        null,
        startedAt,
        null);
  }

  /** This run ended in {@code newState}; a deleted run stays deleted. */
  public RunEntry finished(RunState newState, Instant at, Integer code, Output output, String why) {
    Output out = output == null ? Output.NONE : output;
    return copy(
        state == RunState.DELETED ? RunState.DELETED : newState,
        code,
        out,
        why == null ? message : why,
        finishedAt == null ? at : finishedAt);
  }

  /** Marked deleted by its owner, keeping what is known of its end. */
  public RunEntry deleted(Instant at) {
    return copy(
        RunState.DELETED,
        exitCode,
        new Output(stdout, stdoutTruncated, stderr, stderrTruncated),
        message,
        finishedAt == null ? at : finishedAt);
  }

  private RunEntry copy(RunState newState, Integer code, Output out, String why, Instant finished) {
    return new RunEntry(
        owner,
        runId,
        correlationId,
        worker,
        image,
        args,
        runnerName,
        containerName,
        newState,
        code,
        out.stdout(),
        out.stdoutTruncated(),
        out.stderr(),
        out.stderrTruncated(),
        why,
        startedAt,
        finished);
  }

  public boolean isRunning() {
    return state == RunState.RUNNING;
  }

  /** About how many bytes this entry takes when kept: its text in UTF-8 plus a fixed overhead. */
  public long approximateBytes() {
    long bytes = 128;
    for (String s :
        List.of(
            owner,
            runId,
            correlationId,
            worker,
            image,
            runnerName,
            containerName,
            stdout,
            stderr)) {
      bytes += utf8Length(s);
    }
    for (String a : args) {
      bytes += utf8Length(a) + 8;
    }
    return message == null ? bytes : bytes + utf8Length(message);
  }

  static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Captured output of a finished run, capped, with what was cut. */
  public record Output(
      String stdout, boolean stdoutTruncated, String stderr, boolean stderrTruncated) {
    public static final Output NONE = new Output("", false, "", false);

    public Output {
      stdout = stdout == null ? "" : stdout;
      stderr = stderr == null ? "" : stderr;
    }
  }
}
