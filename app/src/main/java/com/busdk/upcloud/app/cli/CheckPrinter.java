package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;

/** Renders check results, one line each: {@code ok|warn|fail <check>: <message>}. */
final class CheckPrinter {
  private final PrintStream out;

  CheckPrinter(PrintStream out) {
    this.out = requireNonNull(out, "out is null");
  }

  void print(CheckResult result) {
    out.println(
        String.format("%-4s  %s: %s", result.status().label(), result.name(), result.message()));
  }
}
