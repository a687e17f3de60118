package com.busdk.upcloud.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version and BusDK release tag the jar was built from. */
public final class Version {
  private Version() {}

  /** For example {@code 0.1.0 (release v0.0.123)}. */
  public static String text() {
    Properties p = load();
    if (p == null) {
      return "unknown";
    }
    return p.getProperty("version", "unknown") + " (release " + release(p) + ")";
  }

  /**
   * The BusDK release tag ({@code -Dbusdk.release=v0.0.123} at build time), {@code dev} when none
   * was given.
   */
  public static String release() {
    Properties p = load();
    return p == null ? "dev" : release(p);
  }

  private static String release(Properties p) {
    return p.getProperty("release", "dev");
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in =
        Version.class.getResourceAsStream("/com/busdk/upcloud/app/version.properties")) {
      if (in != null) {
        p.load(in);
      }
      return p;
    } catch (IOException e) {
      return null;
    }
  }
}
