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
        throw new IllegalArgumentException("invalid env name: " + shortly(key));
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

  /** At most 16 characters of an outside value, controls and non-ASCII escaped, for a message. */
  private static String shortly(String value) {
    StringBuilder out = new StringBuilder("\"");
    int n = Math.min(value.length(), 16);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(value.length() > n ? "\"…" : "\"").toString();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
