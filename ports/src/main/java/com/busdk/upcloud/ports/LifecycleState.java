package com.busdk.upcloud.ports;

import java.util.Locale;

/** Provider-neutral lifecycle state of a VM or runner, as published in status payloads. */
public enum LifecycleState {
  READY("ready"),
  STARTING("starting"),
  STOPPED("stopped"),
  MAINTENANCE("maintenance"),
  PENDING("pending"),
  UNAVAILABLE("unavailable");

  private final String wire;

  LifecycleState(String wire) {
    this.wire = wire;
  }

  /** The lowercase name used in event payloads and in the delete/transient state options. */
  public String wire() {
    return wire;
  }

  /**
   * Maps an UpCloud server {@code state}. Unknown states map to {@link #PENDING} because UpCloud
   * only reports unfamiliar states while an operation is in flight.
   */
  public static LifecycleState fromUpCloud(String providerState) {
    if (providerState == null) {
      return UNAVAILABLE;
    }
    return switch (providerState.toLowerCase(Locale.ROOT)) {
      case "started" -> READY;
      case "stopped" -> STOPPED;
      case "maintenance" -> MAINTENANCE;
      case "error" -> UNAVAILABLE;
      default -> PENDING;
    };
  }

  @Override
  public String toString() {
    return wire;
  }
}
