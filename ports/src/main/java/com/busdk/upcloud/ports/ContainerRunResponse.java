package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code bus.containers.run.response} payload; a non-zero exit code is still a success reply. Each
 * of {@code stdout} and {@code stderr} is capped; {@code stdoutTruncated}/{@code stderrTruncated}
 * say when the run wrote more.
 */
public record ContainerRunResponse(
    String runId,
    String ownerIdentityId,
    String runnerName,
    String image,
    List<String> args,
    int exitCode,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    long durationMs,
    StatusPayload runtime)
    implements EventPayload {
  public ContainerRunResponse {
    requireNonNull(runId, "runId is null");
    requireNonNull(ownerIdentityId, "ownerIdentityId is null");
    args = args == null ? List.of() : List.copyOf(args);
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
  }
}
