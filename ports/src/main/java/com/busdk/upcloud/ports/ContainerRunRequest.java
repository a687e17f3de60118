package com.busdk.upcloud.ports;

import java.util.List;
import java.util.Map;

/**
 * {@code bus.containers.run.request} payload. {@code profile} or {@code image} is required; {@code
 * args} is an alias of {@code command}; {@code mounts} are not supported and rejected.
 */
public record ContainerRunRequest(
    String profile,
    String image,
    List<String> command,
    List<String> args,
    Long timeoutSeconds,
    Map<String, String> env,
    String workdir,
    List<Object> mounts,
    String runId) {
  public ContainerRunRequest {
    profile = blankToNull(profile);
    image = blankToNull(image);
    workdir = blankToNull(workdir);
    runId = blankToNull(runId);
    if (profile == null && image == null) {
      throw new IllegalArgumentException("profile or image is required");
    }
    if (mounts != null && !mounts.isEmpty()) {
      throw new IllegalArgumentException("unsupported mounts");
    }
    if (timeoutSeconds != null && timeoutSeconds < 0) {
      throw new IllegalArgumentException("timeout_seconds must be non-negative");
    }
    command = command == null ? null : List.copyOf(command);
    args = args == null ? null : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    mounts = List.of();
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid env name: " + key);
      }
    }
  }

  /** {@code command}, or {@code args} when {@code command} is absent; may be empty. */
  public List<String> effectiveCommand() {
    if (command != null) {
      return command;
    }
    return args == null ? List.of() : args;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
