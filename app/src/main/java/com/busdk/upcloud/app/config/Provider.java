package com.busdk.upcloud.app.config;

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
    return WireNames.parse(values(), Provider::wire, text, "provider");
  }

  @Override
  public String toString() {
    return wire;
  }
}
