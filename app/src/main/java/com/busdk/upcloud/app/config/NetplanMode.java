package com.busdk.upcloud.app.config;

/**
 * How runner bootstrap picks the interface for netplan; matching the discovered MAC is the only
 * safe mode.
 */
public enum NetplanMode {
  MAC_MATCH("mac-match");

  private final String wire;

  NetplanMode(String wire) {
    this.wire = wire;
  }

  /** The spelling used on the command line and in the environment. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the command-line spelling, ignoring case.
   *
   * @throws IllegalArgumentException {@code unsupported runner netplan mode: "<text>"}
   */
  public static NetplanMode parse(String text) {
    return WireNames.parse(values(), NetplanMode::wire, text, "runner netplan mode");
  }

  @Override
  public String toString() {
    return wire;
  }
}
