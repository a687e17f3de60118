package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs this worker process has seen, for status and delete. It lives in memory only: a restart
 * forgets every run, and another replica never sees this one's runs.
 *
 * <p>Bounded by count and age: finished runs older than {@code maxAge} (by finish time) are
 * dropped, and when more than {@code maxRuns} are held the oldest finished ones go first. Running
 * runs are never evicted (their count is bounded by the worker's executor), so the registry may
 * hold more than {@code maxRuns} only while that many runs are in flight.
 */
public final class RunRegistry {
  private final int maxRuns;
  private final Duration maxAge;
  private final TimeSource time;
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();

  public RunRegistry(int maxRuns, Duration maxAge, TimeSource time) {
    if (maxRuns < 1) {
      throw new IllegalArgumentException("maxRuns must be positive: " + maxRuns);
    }
    Durations.requirePositive(maxAge, "maxAge");
    this.maxRuns = maxRuns;
    this.maxAge = maxAge;
    this.time = requireNonNull(time, "time is null");
  }

  public RunRegistry(ContainerSettings settings, TimeSource time) {
    this(settings.maxRuns(), settings.maxRunAge(), time);
  }

  /**
   * Records a new running run.
   *
   * @throws WorkerException {@code conflict} when the id is already known
   */
  public synchronized RunRecord register(
      String id, String owner, String image, String runnerName, String containerName) {
    prune();
    if (runs.containsKey(id)) {
      throw new WorkerException(ErrorType.CONFLICT, "run already exists: " + id);
    }
    RunRecord record =
        new RunRecord(
            id, owner, RunState.RUNNING, image, runnerName, containerName, time.now(), null, null);
    runs.put(id, record);
    prune();
    return record;
  }

  /** The run when it exists and belongs to {@code owner}. */
  public synchronized Optional<RunRecord> findOwned(String id, String owner) {
    prune();
    RunRecord record = runs.get(id);
    return record != null && record.owner().equals(owner) ? Optional.of(record) : Optional.empty();
  }

  /** The owner's runs, oldest first. */
  public synchronized List<RunRecord> listOwned(String owner) {
    prune();
    return runs.values().stream().filter(r -> r.owner().equals(owner)).toList();
  }

  public synchronized int size() {
    prune();
    return runs.size();
  }

  /** Ends a run; a run that was deleted meanwhile stays deleted but keeps its exit code. */
  public synchronized void finish(String id, RunState state, Integer exitCode) {
    if (state == RunState.RUNNING) {
      throw new IllegalArgumentException("finish needs a final state");
    }
    RunRecord record = runs.get(id);
    if (record == null) {
      return;
    }
    RunState next = record.state() == RunState.DELETED ? RunState.DELETED : state;
    Instant at = record.finishedAt() != null ? record.finishedAt() : time.now();
    runs.put(id, record.finish(next, at, exitCode));
  }

  /** Marks a run deleted (finished, from the registry's point of view). */
  public synchronized void markDeleted(String id) {
    RunRecord record = runs.get(id);
    if (record != null) {
      runs.put(id, record.finish(RunState.DELETED, time.now(), record.exitCode()));
    }
  }

  private void prune() {
    Instant cutoff = time.now().minus(maxAge);
    runs.values()
        .removeIf(
            r ->
                r.state() != RunState.RUNNING
                    && r.finishedAt() != null
                    && r.finishedAt().isBefore(cutoff));
    Iterator<RunRecord> oldestFirst = runs.values().iterator();
    while (runs.size() > maxRuns && oldestFirst.hasNext()) {
      if (oldestFirst.next().state() != RunState.RUNNING) {
        oldestFirst.remove();
      }
    }
  }
}
