package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;

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
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.wire.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported container network mode: " + Quoted.of(text)));
  }

  @Override
  public String toString() {
    return wire;
  }
}
