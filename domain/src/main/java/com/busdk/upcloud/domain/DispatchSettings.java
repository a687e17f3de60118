package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEventName;
import java.time.Duration;
import java.util.Map;

/**
 * Limits of the dispatcher: how many requests of one event name run at once, how old a request may
 * be before it is refused rather than executed, and how long answers are remembered for duplicates.
 */
public record DispatchSettings(
    int maxInFlightPerName,
    Map<String, Duration> maxAgeByName,
    int rememberedAnswers,
    Duration rememberFor) {
  public DispatchSettings {
    if (maxInFlightPerName < 1) {
      throw new IllegalArgumentException("maxInFlightPerName must be at least 1");
    }
    maxAgeByName = Map.copyOf(requireNonNull(maxAgeByName, "maxAgeByName is null"));
    if (rememberedAnswers < 1) {
      throw new IllegalArgumentException("rememberedAnswers must be at least 1");
    }
    requireNonNull(rememberFor, "rememberFor is null");
  }

  /**
   * The design's bounds: start/stop and runner admin 10 minutes, runs 35 minutes, status none;
   * 10,000 answers remembered for an hour.
   */
  public static DispatchSettings defaults(int maxInFlightPerName) {
    Duration action = Duration.ofMinutes(10);
    return new DispatchSettings(
        maxInFlightPerName,
        Map.of(
            BusEventName.VM_START.request(), action,
            BusEventName.VM_STOP.request(), action,
            BusEventName.RUNNER_START.request(), action,
            BusEventName.RUNNER_DELETE.request(), action,
            BusEventName.CONTAINERS_RUN.request(), Duration.ofMinutes(35),
            BusEventName.CONTAINERS_DELETE.request(), action),
        10_000,
        Duration.ofHours(1));
  }
}
