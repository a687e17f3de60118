package com.busdk.upcloud.app.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Reads the command-line spelling of an option's closed set of values, ignoring case. */
final class WireNames {
  private WireNames() {}

  /**
   * The value whose spelling is {@code text}.
   *
   * @throws IllegalArgumentException {@code unsupported <what>: "<text>"}
   */
  static <E extends Enum<E>> E parse(
      E[] values, Function<E, String> spelling, String text, String what) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values)
        .filter(value -> spelling.apply(value).equals(wanted))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unsupported " + what + ": " + Quoted.of(text)));
  }
}
