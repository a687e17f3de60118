package com.busdk.upcloud.app.config;

/** How a newly created runner is attached: to a private network or to the public internet. */
public enum ContainerNetworkMode {
  PRIVATE("private"),
  PUBLIC("public");

  private final String wire;

  ContainerNetworkMode(String wire) {
    this.wire = wire;
  }

  /** The spelling used on the command line and in the environment. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the command-line spelling, ignoring case.
   *
   * @throws IllegalArgumentException {@code unsupported container network mode: "<text>"}
   */
  public static ContainerNetworkMode parse(String text) {
    return WireNames.parse(values(), ContainerNetworkMode::wire, text, "container network mode");
  }

  @Override
  public String toString() {
    return wire;
  }
}
