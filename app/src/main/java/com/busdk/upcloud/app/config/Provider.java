package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;

/** Where VM and runner operations go: the built-in deterministic provider or the UpCloud API. */
public enum Provider {
  STATIC("static"),
  UPCLOUD("upcloud");

  private final String wire;

  Provider(String wire) {
    this.wire = wire;
  }

  /** The spelling used on the command line and in the environment. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the command-line spelling, ignoring case.
   *
   * @throws IllegalArgumentException {@code unsupported provider: "<text>"}
   */
  public static Provider parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.wire.equals(wanted))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unsupported provider: " + Quoted.of(text)));
  }

  @Override
  public String toString() {
    return wire;
  }
}
