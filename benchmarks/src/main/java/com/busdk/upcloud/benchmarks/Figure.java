package com.busdk.upcloud.benchmarks;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One measured figure: the worker's value, the baseline measured in the same run, their ratio and
 * the goal. {@code met} is null for figures that are reported without a goal.
 *
 * @param section the benchmark number and name, e.g. {@code 1 dispatch}
 * @param name what was measured
 * @param value the worker's value, formatted with its unit
 * @param baseline the baseline's value with its unit, or empty when the figure has none
 * @param ratio value over baseline, or NaN when there is no baseline
 * @param goal the goal in words, or empty
 * @param met whether the goal was met, or null without a goal
 */
record Figure(
    String section,
    String name,
    String value,
    String baseline,
    double ratio,
    String goal,
    Boolean met) {
  Figure {
    requireNonNull(section, "section is null");
    requireNonNull(name, "name is null");
    requireNonNull(value, "value is null");
    requireNonNull(baseline, "baseline is null");
    requireNonNull(goal, "goal is null");
  }

  static Figure info(String section, String name, String value) {
    return new Figure(section, name, value, "", Double.NaN, "", null);
  }

  static Figure compared(String section, String name, String value, String baseline, double ratio) {
    return new Figure(section, name, value, baseline, ratio, "", null);
  }

  Figure withGoal(String text, boolean achieved) {
    return new Figure(section, name, value, baseline, ratio, text, achieved);
  }

  String verdict() {
    if (met == null) {
      return "";
    }
    return met ? "met" : "MISSED";
  }

  String ratioText() {
    return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /** The one-line form printed by bench/run.sh. */
  String line() {
    StringBuilder text = new StringBuilder();
    text.append('[').append(section).append("] ").append(name).append(": ").append(value);
    if (!baseline.isEmpty()) {
      text.append(" vs baseline ").append(baseline);
    }
    if (!Double.isNaN(ratio)) {
      text.append(" = ").append(ratioText());
    }
    if (!goal.isEmpty()) {
      text.append(" (goal ").append(goal).append(": ").append(verdict()).append(')');
    }
    return text.toString();
  }

  /** The Markdown table row of results.md. */
  String row() {
    return "| "
        + String.join(
            " | ",
            cell(section),
            cell(name),
            cell(value),
            cell(baseline),
            cell(ratioText()),
            cell(goal),
            cell(verdict()))
        + " |";
  }

  private static String cell(String text) {
    return text.isEmpty() ? "–" : text.replace("|", "\\|");
  }
}
