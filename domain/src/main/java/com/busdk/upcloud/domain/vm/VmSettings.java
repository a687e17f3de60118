package com.busdk.upcloud.domain.vm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The one VM this worker drives: its name or UUID, the provider name reported in status payloads,
 * how long start/stop may poll through maintenance, and the poll interval.
 */
public record VmSettings(
    String providerName, String vmName, Duration actionTimeout, Duration pollInterval) {
  public VmSettings {
    requireNonNull(providerName, "providerName is null");
    requireNonNull(vmName, "vmName is null");
    requireNonNull(actionTimeout, "actionTimeout is null");
    requireNonNull(pollInterval, "pollInterval is null");
    if (vmName.isBlank()) {
      throw new IllegalArgumentException("vmName is blank");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
  }
}
