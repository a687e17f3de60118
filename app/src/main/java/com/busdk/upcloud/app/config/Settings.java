package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The whole effective configuration of one run.
 *
 * @param warnings problems that were tolerated (an invalid boolean environment value falls back to
 *     its default); the caller logs them
 */
public record Settings(
    EventsConfig events,
    UpCloudConfig upcloud,
    ContainerConfig container,
    RunnerConfig runner,
    WorkerConfig worker,
    StateConfig state,
    List<String> warnings) {

  public Settings {
    requireNonNull(events, "events is null");
    requireNonNull(upcloud, "upcloud is null");
    requireNonNull(container, "container is null");
    requireNonNull(runner, "runner is null");
    requireNonNull(worker, "worker is null");
    requireNonNull(state, "state is null");
    warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
  }

  /** The same settings with {@code newEvents} in place of {@link #events()}. */
  public Settings withEvents(EventsConfig newEvents) {
    return new Settings(newEvents, upcloud, container, runner, worker, state, warnings);
  }

  /** Shorthand for {@code worker().mode()}. */
  public WorkerMode mode() {
    return worker.mode();
  }

  @Override
  public String toString() {
    return ConfigText.describe(this);
  }
}
