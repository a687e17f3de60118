package com.busdk.upcloud.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version and BusDK release tag the jar was built from. */
public final class Version {
  private Version() {}

  /** For example {@code 0.1.0 (release v0.0.123)}. */
  public static String text() {
    Properties p = new Properties();
    try (InputStream in =
        Version.class.getResourceAsStream("/com/busdk/upcloud/app/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown")
        + " (release "
        + p.getProperty("release", "dev")
        + ")";
  }
}
