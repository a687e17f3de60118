package com.busdk.upcloud.ports;

import java.util.List;
import java.util.Map;

/**
 * {@code bus.containers.run.request} payload. {@code profile} or {@code image} is required; what
 * the container runs is its {@link Exec}; {@code mounts} are not supported and rejected. On the
 * wire every field is at the top level of the payload (the events codec maps it).
 */
public record ContainerRunRequest(
    String profile,
    String image,
    Exec exec,
    Long timeoutSeconds,
    List<Object> mounts,
    String runId) {
  public ContainerRunRequest {
    profile = blankToNull(profile);
    image = blankToNull(image);
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
    exec = exec == null ? Exec.NONE : exec;
    mounts = List.of();
  }

  /** A run of {@code profile} with {@code command}, everything else defaulted. */
  public static ContainerRunRequest ofProfile(String profile, List<String> command) {
    return new ContainerRunRequest(profile, null, Exec.command(command), null, null, null);
  }

  /** A run of {@code image} with {@code command}, everything else defaulted. */
  public static ContainerRunRequest ofImage(String image, List<String> command) {
    return new ContainerRunRequest(null, image, Exec.command(command), null, null, null);
  }

  public ContainerRunRequest withRunId(String newRunId) {
    return new ContainerRunRequest(profile, image, exec, timeoutSeconds, null, newRunId);
  }

  public ContainerRunRequest withTimeoutSeconds(Long seconds) {
    return new ContainerRunRequest(profile, image, exec, seconds, null, runId);
  }

  /**
   * What the container process runs: {@code command}, or its alias {@code args}, with {@code env}
   * and in {@code workdir} (null for the default).
   */
  public record Exec(
      List<String> command, List<String> args, Map<String, String> env, String workdir) {
    /** Nothing given: the image's own command, no environment, the default directory. */
    public static final Exec NONE = new Exec(null, null, null, null);

    public Exec {
      command = command == null ? null : List.copyOf(command);
      args = args == null ? null : List.copyOf(args);
      env = env == null ? Map.of() : Map.copyOf(env);
      workdir = blankToNull(workdir);
      for (String key : env.keySet()) {
        if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
          throw new IllegalArgumentException("invalid env name: " + shortly(key));
        }
      }
    }

    /** {@code command} alone. */
    public static Exec command(List<String> command) {
      return new Exec(command, null, null, null);
    }

    /** {@code command}, or {@code args} when {@code command} is absent; may be empty. */
    public List<String> effectiveCommand() {
      if (command != null) {
        return command;
      }
      return args == null ? List.of() : args;
    }
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
