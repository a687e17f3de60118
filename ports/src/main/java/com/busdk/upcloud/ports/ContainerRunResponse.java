package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** {@code bus.containers.run.response} payload; a non-zero exit code is still a success reply. */
public record ContainerRunResponse(
    String runId,
    String ownerIdentityId,
    String runnerName,
    String image,
    List<String> args,
    int exitCode,
    String stdout,
    String stderr,
    long durationMs,
    StatusPayload runtime) {
  public ContainerRunResponse {
    requireNonNull(runId, "runId is null");
    requireNonNull(ownerIdentityId, "ownerIdentityId is null");
    args = args == null ? List.of() : List.copyOf(args);
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }
}
