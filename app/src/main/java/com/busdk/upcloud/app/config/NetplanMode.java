package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;

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
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.wire.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported runner netplan mode: " + Quoted.of(text)));
  }

  @Override
  public String toString() {
    return wire;
  }
}
