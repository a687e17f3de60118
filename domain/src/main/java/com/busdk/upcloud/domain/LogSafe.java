package com.busdk.upcloud.domain;

/** Bounds outside values before they reach a log line; the log backend escapes them. */
public final class LogSafe {
  /** How many characters of an outside value a log line shows. */
  public static final int MAX_CHARS = 160;

  private LogSafe() {}

  /** {@code value} when short, else its start and how long it was. */
  public static String head(String value) {
    if (value == null || value.length() <= MAX_CHARS) {
      return value;
    }
    return value.substring(0, MAX_CHARS) + "…(" + value.length() + " chars)";
  }
}
