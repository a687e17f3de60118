package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The outcome of one preflight check: its name, whether it passed, and a one-line message that
 * never holds a token.
 */
record CheckResult(String name, Status status, String message) {
  /** How a check ended; a failure makes {@code --check-config} exit with 1. */
  enum Status {
    OK,
    WARN,
    FAIL;

    /** The lowercase word that starts the printed line. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The longest message kept of a detail that comes from outside (a server's error text). */
  static final int MAX_DETAIL = 200;

  CheckResult {
    requireNonNull(name, "name is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
  }

  static CheckResult ok(String name, String message) {
    return new CheckResult(name, Status.OK, message);
  }

  static CheckResult warn(String name, String message) {
    return new CheckResult(name, Status.WARN, message);
  }

  static CheckResult fail(String name, String message) {
    return new CheckResult(name, Status.FAIL, message);
  }

  boolean failed() {
    return status == Status.FAIL;
  }

  /** The first line of {@code text}, cut at {@link #MAX_DETAIL} characters. */
  static String shorten(String text) {
    String line = text == null ? "" : text.lines().findFirst().orElse("");
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
  }
}
