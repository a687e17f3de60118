package com.busdk.upcloud.app.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The boolean spellings BusDK accepts in flags and environment variables. */
public final class Booleans {
  private Booleans() {}

  /** {@code 1 true yes on} and {@code 0 false no off}, any case, surrounding blanks ignored. */
  public static Optional<Boolean> tryParse(String text) {
    Objects.requireNonNull(text, "text is null");
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> Optional.of(Boolean.TRUE);
      case "0", "false", "no", "off" -> Optional.of(Boolean.FALSE);
      default -> Optional.empty();
    };
  }

  /**
   * Parses a flag value.
   *
   * @throws IllegalArgumentException naming the value when it is not an accepted spelling
   */
  public static boolean parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "invalid boolean "
                        + Quoted.of(text)
                        + " (accepted: 1, true, yes, on, 0, false, no, off)"));
  }
}
