package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEventName;
import java.time.Duration;
import java.util.Map;

/**
 * Limits of the dispatcher: how many requests of one event name run at once, how old a request may
 * be before it is refused rather than executed, the size limits of request fields, and the id under
 * which this worker claims requests in the run journal.
 *
 * @param worker this worker's consumer id; a restart with the same id answers the requests it had
 *     claimed and not answered
 */
public record DispatchSettings(
    int maxInFlightPerName, Map<String, Duration> maxAgeByName, InputLimits inputs, String worker) {
  public DispatchSettings {
    if (maxInFlightPerName < 1) {
      throw new IllegalArgumentException("maxInFlightPerName must be at least 1");
    }
    maxAgeByName = Map.copyOf(requireNonNull(maxAgeByName, "maxAgeByName is null"));
    requireNonNull(inputs, "inputs is null");
    requireNonNull(worker, "worker is null");
    if (worker.isBlank()) {
      throw new IllegalArgumentException("worker is blank");
    }
  }

  /**
   * The design's age bounds: start/stop and runner admin 10 minutes, runs 35 minutes, status none.
   */
  public static Map<String, Duration> defaultMaxAges() {
    Duration action = Duration.ofMinutes(10);
    return Map.of(
        BusEventName.VM_START.request(), action,
        BusEventName.VM_STOP.request(), action,
        BusEventName.RUNNER_START.request(), action,
        BusEventName.RUNNER_DELETE.request(), action,
        BusEventName.CONTAINERS_RUN.request(), Duration.ofMinutes(35),
        BusEventName.CONTAINERS_DELETE.request(), action);
  }

  /** The design's bounds and the default input limits, for {@code worker}. */
  public static DispatchSettings defaults(int maxInFlightPerName, String worker) {
    return new DispatchSettings(
        maxInFlightPerName, defaultMaxAges(), InputLimits.defaults(), worker);
  }
}
