package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One disposable container as the run script starts it.
 *
 * @param containerName the per-run Podman container name (see {@link PodmanScript#containerName})
 * @param labels Podman labels that let any replica find the container (see {@link RunLabels})
 * @param env environment entries, rendered sorted by name
 * @param command the container command; empty keeps the image's default
 * @param sandbox how the container is confined
 * @param bounds the run's time limit and output cap
 */
public record PodmanRun(
    String containerName,
    Map<String, String> labels,
    String image,
    List<String> command,
    Map<String, String> env,
    String workdir,
    Sandbox sandbox,
    Bounds bounds) {
  public PodmanRun {
    requireNonNull(containerName, "containerName is null");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    requireNonNull(image, "image is null");
    requireNonNull(workdir, "workdir is null");
    requireNonNull(sandbox, "sandbox is null");
    requireNonNull(bounds, "bounds is null");
    command = command == null ? List.of() : List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  Map<String, String> sortedEnv() {
    return new TreeMap<>(env);
  }

  Map<String, String> sortedLabels() {
    return new TreeMap<>(labels);
  }

  /**
   * How the container is confined.
   *
   * @param network Podman {@code --network}
   * @param tmpfsSize size of the writable tmpfs mounted at the workdir
   * @param user Podman {@code --user}, or null
   */
  public record Sandbox(String network, String tmpfsSize, boolean readOnly, String user) {
    public Sandbox {
      requireNonNull(network, "network is null");
      requireNonNull(tmpfsSize, "tmpfsSize is null");
    }

    static Sandbox of(ContainerSettings settings) {
      return new Sandbox(
          settings.runNetwork(), settings.tmpfsSize(), settings.readOnly(), settings.runUser());
    }
  }

  /**
   * @param timeoutSeconds the in-script bound of the run
   * @param outputLimitBytes at most this many bytes of stdout, and as many of stderr, come back
   */
  public record Bounds(long timeoutSeconds, long outputLimitBytes) {
    public Bounds {
      if (timeoutSeconds <= 0) {
        throw new IllegalArgumentException("timeoutSeconds must be positive: " + timeoutSeconds);
      }
      if (outputLimitBytes <= 0) {
        throw new IllegalArgumentException("outputLimitBytes must be positive");
      }
    }
  }
}
