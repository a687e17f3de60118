package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One disposable container as the run script starts it.
 *
 * @param containerName the per-run Podman container name (see {@link PodmanScript#containerName})
 * @param timeoutSeconds the in-script bound of the run
 * @param user Podman {@code --user}, or null
 * @param env environment entries, rendered sorted by name
 * @param command the container command; empty keeps the image's default
 */
public record PodmanRun(
    String containerName,
    String image,
    List<String> command,
    Map<String, String> env,
    String workdir,
    String network,
    String tmpfsSize,
    boolean readOnly,
    String user,
    long timeoutSeconds) {
  public PodmanRun {
    requireNonNull(containerName, "containerName is null");
    requireNonNull(image, "image is null");
    requireNonNull(workdir, "workdir is null");
    requireNonNull(network, "network is null");
    requireNonNull(tmpfsSize, "tmpfsSize is null");
    command = command == null ? List.of() : List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeoutSeconds must be positive: " + timeoutSeconds);
    }
  }

  Map<String, String> sortedEnv() {
    return new TreeMap<>(env);
  }
}
