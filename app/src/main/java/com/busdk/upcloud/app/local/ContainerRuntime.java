package com.busdk.upcloud.app.local;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container runtime {@code --local} runs containers with: Podman when {@code podman info}
 * works, else Docker when {@code docker info} works, else none. A binary on the {@code PATH} is not
 * enough: a Docker CLI without a reachable engine cannot run anything, so each candidate has to
 * answer {@code info} with exit code 0 within a short bound.
 *
 * @param kind which runtime, or none
 * @param executable the runtime's binary; null for none
 * @param detail what {@code --local} prints and run answers carry in {@code
 *     runtime.details.container_runtime}
 */
public record ContainerRuntime(Kind kind, Path executable, String detail) {
  /** The default bound of one {@code info} probe. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);

  /** Which runtime runs containers. */
  public enum Kind {
    PODMAN,
    DOCKER,
    NONE
  }

  public ContainerRuntime {
    requireNonNull(kind, "kind is null");
    requireNonNull(detail, "detail is null");
    if ((kind == Kind.NONE) != (executable == null)) {
      throw new IllegalArgumentException("an executable exactly when there is a runtime");
    }
  }

  /** Probes {@code podman}, then {@code docker}, on the {@code PATH} of {@code env}. */
  public static ContainerRuntime detect(Map<String, String> env, Duration timeout) {
    requireNonNull(env, "env is null");
    List<String> problems = new ArrayList<>();
    for (Kind kind : List.of(Kind.PODMAN, Kind.DOCKER)) {
      String name = kind.name().toLowerCase(java.util.Locale.ROOT);
      Optional<Path> binary = onPath(name, env.get("PATH"));
      if (binary.isEmpty()) {
        continue;
      }
      Optional<String> problem = probe(binary.get(), env, timeout);
      if (problem.isEmpty()) {
        return new ContainerRuntime(
            kind,
            binary.get(),
            kind == Kind.PODMAN
                ? "podman (" + binary.get() + ")"
                : "docker (" + binary.get() + "; podman mapped to docker)");
      }
      problems.add(name + " " + problem.get());
    }
    String detail = "none: install podman or docker to run containers with --local";
    if (!problems.isEmpty()) {
      detail += " (" + String.join("; ", problems) + ")";
    }
    return new ContainerRuntime(Kind.NONE, null, detail);
  }

  public boolean available() {
    return kind != Kind.NONE;
  }

  /** Empty when {@code <binary> info} exited 0 in time, else what went wrong. */
  private static Optional<String> probe(Path binary, Map<String, String> env, Duration timeout) {
    ProcessBuilder info =
        new ProcessBuilder(binary.toString(), "info")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    info.environment().clear();
    info.environment().putAll(env);
    Process process;
    try {
      process = info.start();
    } catch (IOException e) {
      return Optional.of("cannot be started: " + e.getClass().getSimpleName());
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return Optional.of("info did not answer within " + timeout.toSeconds() + "s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return Optional.of("probe interrupted");
    }
    int code = process.exitValue();
    if (code != 0) {
      LOG.debug("{} info exited {}", binary, code);
      return Optional.of("info exited " + code + ": its engine is not reachable");
    }
    return Optional.empty();
  }

  private static Optional<Path> onPath(String name, String path) {
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
