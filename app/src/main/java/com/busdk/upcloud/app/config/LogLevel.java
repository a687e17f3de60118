package com.busdk.upcloud.app.config;

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
    return WireNames.parse(values(), LogLevel::wire, text, "log level");
  }

  @Override
  public String toString() {
    return wire;
  }
}
