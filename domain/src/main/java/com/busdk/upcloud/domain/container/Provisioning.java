package com.busdk.upcloud.domain.container;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the worker may change the set of runner servers ({@code --container-runner-provisioning}).
 */
public enum Provisioning {
  /** Create the runner when missing; delete it on admin request. */
  CREATE("create"),
  /** Use a runner that exists; never create or delete one. */
  EXISTING_ONLY("existing-only"),
  /** Use an existing (typically unlabeled) server of that name; never create or delete it. */
  ADOPT_EXISTING("adopt-existing");

  private final String wire;

  Provisioning(String wire) {
    this.wire = wire;
  }

  /** The option value, for example {@code existing-only}. */
  public String wire() {
    return wire;
  }

  /** True when the worker owns the runner's existence (create and delete). */
  public boolean ownsRunner() {
    return this == CREATE;
  }

  /** Parses an option value such as {@code adopt-existing} (case-insensitive). */
  public static Provisioning fromWire(String value) {
    String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(p -> p.wire.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported container runner provisioning: "
                        + value
                        + " (expected create, existing-only or adopt-existing)"));
  }

  @Override
  public String toString() {
    return wire;
  }
}
