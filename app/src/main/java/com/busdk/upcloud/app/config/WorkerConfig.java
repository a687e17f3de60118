package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The process: what it does this run, its concurrency and its logging.
 *
 * @param mode selected by the mode flags
 * @param once stop after one event (listener and local modes)
 * @param localPort port of the embedded Events API in {@code --local} mode; 0 picks a free one
 * @param maxInFlight requests handled concurrently
 * @param shutdownGrace time in-flight requests get to answer on shutdown
 * @param logs format and level of the log lines
 * @param outputFormat output of {@code --events}
 * @param healthListen where {@code /healthz}, {@code /readyz} and {@code /metrics} are served; null
 *     when off
 */
public record WorkerConfig(
    WorkerMode mode,
    boolean once,
    int localPort,
    int maxInFlight,
    Duration shutdownGrace,
    Logs logs,
    OutputFormat outputFormat,
    ListenAddress healthListen) {

  public WorkerConfig {
    requireNonNull(mode, "mode is null");
    if (localPort < 0 || localPort > 65_535) {
      throw new IllegalArgumentException("localPort out of range: " + localPort);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    Checks.notNegative(shutdownGrace, "shutdownGrace");
    requireNonNull(logs, "logs is null");
    requireNonNull(outputFormat, "outputFormat is null");
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }

  /**
   * How log lines on stderr look.
   *
   * @param format text or JSON lines
   * @param level lowest logged level
   */
  public record Logs(OutputFormat format, LogLevel level) {
    public Logs {
      requireNonNull(format, "format is null");
      requireNonNull(level, "level is null");
    }
  }
}
