package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.value;

import java.time.Duration;
import java.util.List;

/** The process: concurrency, shutdown, logging and the local and health listeners. */
final class WorkerOptions {
  private WorkerOptions() {}

  static final Option<Integer> LOCAL_PORT =
      value(
          HelpSection.WORKER,
          "--local-port",
          "BUS_LOCAL_PORT",
          "port",
          "8081",
          Conversions.integer(0, 65_535, "port"),
          "Port of the embedded Events API in --local mode; 0 picks a free port.");
  static final Option<ListenAddress> HEALTH_LISTEN =
      value(
              HelpSection.WORKER,
              "--health-listen",
              "BUS_UPCLOUD_HEALTH_LISTEN",
              "host:port",
              null,
              (raw, flag) -> ListenAddress.parse(raw),
              "Serve GET /healthz, /readyz (200 while every request stream is connected) and"
                  + " /metrics (Prometheus text format) on this address; port 0 picks a free one.")
          .computedDefault(
              "off; in local mode 127.0.0.1 on the port after the embedded Events API's");
  static final Option<Integer> MAX_IN_FLIGHT =
      value(
          HelpSection.WORKER,
          "--max-in-flight",
          "BUS_WORKER_MAX_IN_FLIGHT",
          "n",
          "16",
          Conversions.integer(1, Integer.MAX_VALUE, "count"),
          "Requests handled at the same time; at least 1.");
  static final Option<Duration> SHUTDOWN_GRACE =
      value(
          HelpSection.WORKER,
          "--shutdown-grace",
          "BUS_WORKER_SHUTDOWN_GRACE",
          "duration",
          "30s",
          Conversions::nonNegativeDuration,
          "Time in-flight requests get to answer when the worker stops.");
  static final Option<OutputFormat> LOG_FORMAT =
      value(
          HelpSection.WORKER,
          "--log-format",
          "BUS_LOG_FORMAT",
          "text|json",
          "text",
          (raw, flag) -> OutputFormat.parse(raw),
          "Format of the log lines on stderr.");
  static final Option<LogLevel> LOG_LEVEL =
      value(
          HelpSection.WORKER,
          "--log-level",
          "BUS_LOG_LEVEL",
          "trace|debug|info|warn|error",
          "info",
          (raw, flag) -> LogLevel.parse(raw),
          "Lowest logged level.");

  static final List<Option<?>> ALL =
      List.of(LOCAL_PORT, HEALTH_LISTEN, MAX_IN_FLIGHT, SHUTDOWN_GRACE, LOG_FORMAT, LOG_LEVEL);

  static WorkerConfig load(Inputs in) {
    WorkerMode mode = ModeOptions.selected(in);
    boolean once = in.bool(ModeOptions.ONCE);
    if (once && !mode.runsListeners() && mode != WorkerMode.HELP && mode != WorkerMode.VERSION) {
      in.fail("--once applies only to listener mode and --local");
    }
    int localPort = in.value(LOCAL_PORT);
    ListenAddress health = in.value(HEALTH_LISTEN);
    if (health == null && mode == WorkerMode.LOCAL) {
      // Next to the embedded Events API; a free port when that one is picked freely too.
      health =
          new ListenAddress("127.0.0.1", localPort == 0 || localPort == 65_535 ? 0 : localPort + 1);
    }
    return new WorkerConfig(
        mode,
        once,
        localPort,
        in.value(MAX_IN_FLIGHT),
        in.value(SHUTDOWN_GRACE),
        new WorkerConfig.Logs(in.value(LOG_FORMAT), in.value(LOG_LEVEL)),
        in.value(ModeOptions.FORMAT),
        health);
  }
}
