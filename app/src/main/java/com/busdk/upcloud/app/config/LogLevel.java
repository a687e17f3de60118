package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;

/** The lowest SLF4J level that is logged. */
public enum LogLevel {
  TRACE("trace"),
  DEBUG("debug"),
  INFO("info"),
  WARN("warn"),
  ERROR("error");

  private final String wire;

  LogLevel(String wire) {
    this.wire = wire;
  }

  /** The spelling used on the command line and in the environment. */
  public String wire() {
    return wire;
  }

  /**
   * Reads the command-line spelling, ignoring case.
   *
   * @throws IllegalArgumentException {@code unsupported log level: "<text>"}
   */
  public static LogLevel parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(value -> value.wire.equals(wanted))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unsupported log level: " + Quoted.of(text)));
  }

  @Override
  public String toString() {
    return wire;
  }
}
