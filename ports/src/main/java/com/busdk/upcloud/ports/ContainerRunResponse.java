package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code bus.containers.run.response} payload: which run, what ran where, its {@link Result}, and
 * the runner's status. A non-zero exit code is still a success reply. On the wire every field is at
 * the top level of the payload (the events codec maps it).
 */
public record ContainerRunResponse(
    String runId,
    String ownerIdentityId,
    String runnerName,
    String image,
    List<String> args,
    Result result,
    StatusPayload runtime)
    implements EventPayload {
  public ContainerRunResponse {
    requireNonNull(runId, "runId is null");
    requireNonNull(ownerIdentityId, "ownerIdentityId is null");
    args = args == null ? List.of() : List.copyOf(args);
    requireNonNull(result, "result is null");
  }

  /** The same answer with another runner status. */
  public ContainerRunResponse withRuntime(StatusPayload newRuntime) {
    return new ContainerRunResponse(
        runId, ownerIdentityId, runnerName, image, args, result, newRuntime);
  }

  /**
   * How the container process ended. Each of {@code stdout} and {@code stderr} in {@code output} is
   * capped, and its truncated flag says when the run wrote more.
   */
  public record Result(int exitCode, RunOutput output, long durationMs) {
    public Result {
      output = output == null ? RunOutput.NONE : output;
    }
  }
}
