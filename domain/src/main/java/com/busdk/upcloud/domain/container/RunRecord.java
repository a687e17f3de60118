package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.RunState;
import java.time.Instant;

/**
 * What the registry remembers about one run.
 *
 * @param finishedAt null while running
 * @param exitCode null until the container process exited
 */
public record RunRecord(
    String id,
    String owner,
    RunState state,
    String image,
    String runnerName,
    String containerName,
    Instant startedAt,
    Instant finishedAt,
    Integer exitCode) {
  public RunRecord {
    requireNonNull(id, "id is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(state, "state is null");
    requireNonNull(image, "image is null");
    requireNonNull(runnerName, "runnerName is null");
    requireNonNull(containerName, "containerName is null");
    requireNonNull(startedAt, "startedAt is null");
  }

  RunRecord finish(RunState newState, Instant at, Integer code) {
    return new RunRecord(
        id, owner, newState, image, runnerName, containerName, startedAt, at, code);
  }
}
