package com.busdk.upcloud.app.config;

import java.time.Duration;
import java.util.Objects;

/** Invariants shared by the config records' compact constructors. */
final class Checks {
  private Checks() {}

  static String nonBlank(String value, String name) {
    Objects.requireNonNull(value, name + " is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
    return value;
  }

  static String nullOrNonBlank(String value, String name) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank; use null for unset");
    }
    return value;
  }

  static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name + " is null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + GoDuration.format(value));
    }
    return value;
  }

  static Duration notNegative(Duration value, String name) {
    Objects.requireNonNull(value, name + " is null");
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          name + " must not be negative: " + GoDuration.format(value));
    }
    return value;
  }
}
