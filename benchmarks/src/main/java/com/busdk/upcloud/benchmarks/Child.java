package com.busdk.upcloud.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process with its output in log files. Stopping sends SIGTERM first, as systemd would, so
 * the worker's graceful shutdown is part of what runs.
 */
final class Child implements AutoCloseable {
  private final String label;
  private final Process process;
  private final Path stderr;

  private Child(String label, Process process, Path stderr) {
    this.label = label;
    this.process = process;
    this.stderr = stderr;
  }

  static Child start(
      Layout layout, String label, List<String> command, Map<String, String> extraEnv) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Diagnostics only: JVM options for the launcher instead of its defaults.
    String jvmOptions = System.getenv("BENCH_WORKER_JAVA_OPTS");
    if (jvmOptions == null || jvmOptions.isBlank()) {
      builder.environment().remove("BUS_JAVA_OPTS");
    } else {
      builder.environment().put("BUS_JAVA_OPTS", jvmOptions);
    }
    builder.environment().putAll(extraEnv);
    Path out = layout.logs().resolve(label + ".out");
    Path err = layout.logs().resolve(label + ".err");
    builder.redirectOutput(out.toFile());
    builder.redirectError(err.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      return new Child(label, builder.start(), err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label, e);
    }
  }

  long pid() {
    return process.pid();
  }

  ProcStatus status() {
    return ProcStatus.of(process.pid());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          label + " exited with " + process.exitValue() + "; see " + stderr);
    }
  }

  /** Waits for the child to exit by itself; its exit code. */
  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** SIGTERM, then the exit code; a child that does not stop within {@code grace} is killed. */
  int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        stop(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return label + "[pid " + process.pid() + "]";
  }
}
