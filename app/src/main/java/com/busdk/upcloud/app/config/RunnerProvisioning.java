package com.busdk.upcloud.app.config;

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
    return WireNames.parse(
        values(), RunnerProvisioning::wire, text, "container runner provisioning");
  }

  @Override
  public String toString() {
    return wire;
  }
}
