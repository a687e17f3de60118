package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;

/** Text for people, JSON for machines; used for logs and for the output of --events. */
public enum OutputFormat {
  TEXT("text"),
  JSON("json");

  private final String wire;

  OutputFormat(String wire) {
    this.wire = wire;
  }

  /** The spelling used on the command line and in the environment. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the command-line spelling, ignoring case.
   *
   * @throws IllegalArgumentException {@code unsupported format: "<text>"}
   */
  public static OutputFormat parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.wire.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unsupported format: " + Quoted.of(text)));
  }

  @Override
  public String toString() {
    return wire;
  }
}
