package com.busdk.upcloud.app.config;

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
    return WireNames.parse(values(), OutputFormat::wire, text, "format");
  }

  @Override
  public String toString() {
    return wire;
  }
}
