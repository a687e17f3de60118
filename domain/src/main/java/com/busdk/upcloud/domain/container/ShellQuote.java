package com.busdk.upcloud.domain.container;

import static java.util.Objects.requireNonNull;

/** POSIX shell quoting: every value becomes one literal word, whatever it contains. */
public final class ShellQuote {
  private ShellQuote() {}

  /**
   * Wraps the value in single quotes; a single quote inside becomes {@code '\''}. Nothing is
   * special inside single quotes, so {@code $(…)}, backticks, newlines and {@code ;} stay literal.
   *
   * @throws IllegalArgumentException for a NUL character, which no argv entry can hold
   */
  public static String quote(String value) {
    requireNonNull(value, "value is null");
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("value contains a NUL character");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
