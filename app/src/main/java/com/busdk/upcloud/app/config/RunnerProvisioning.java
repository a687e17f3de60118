package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * Whether the worker may create (and later delete) the container runner, or only use one that
 * exists.
 */
public enum RunnerProvisioning {
  CREATE("create"),
  EXISTING_ONLY("existing-only"),
  ADOPT_EXISTING("adopt-existing");

  private final String wire;

  RunnerProvisioning(String wire) {
    this.wire = wire;
  }

  /** The spelling used on the command line and in the environment. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the command-line spelling, ignoring case.
   *
   * @throws IllegalArgumentException {@code unsupported container runner provisioning: "<text>"}
   */
  public static RunnerProvisioning parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.wire.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported container runner provisioning: " + Quoted.of(text)));
  }

  @Override
  public String toString() {
    return wire;
  }
}
