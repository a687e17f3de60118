package com.busdk.upcloud.app.config;

import static com.busdk.upcloud.app.config.Option.value;

import java.nio.file.Path;
import java.util.List;

/** Where run state lives and how much of it is kept. */
final class StateOptions {
  /** The state directory outside systemd, as the operator guide documents. */
  static final String DEFAULT_STATE_DIR = "/var/lib/bus-integration-upcloud";

  private StateOptions() {}

  private static final HelpSection S = HelpSection.STATE;

  static final Option<Path> STATE_DIR =
      value(
              S,
              "--state-dir",
              "BUS_UPCLOUD_STATE_DIR",
              "dir",
              null,
              Conversions::optionalPath,
              "Directory of the run journal (journal.db, SQLite). It must exist and be writable."
                  + " The local and self-test modes keep the journal in memory instead.")
          .computedDefault(
              "$STATE_DIRECTORY when systemd sets it, else /var/lib/bus-integration-upcloud");
  static final Option<Integer> JOURNAL_MAX_RUNS =
      value(
          S,
          "--journal-max-runs",
          "BUS_UPCLOUD_JOURNAL_MAX_RUNS",
          "n",
          "10000",
          Conversions.integer(1, Integer.MAX_VALUE, "count"),
          "Finished runs the journal keeps; the oldest go first.");
  static final Option<Long> JOURNAL_MAX_RUN_BYTES =
      value(
          S,
          "--journal-max-run-bytes",
          "BUS_UPCLOUD_JOURNAL_MAX_RUN_BYTES",
          "bytes",
          "256m",
          Conversions.bytes(1024, Long.MAX_VALUE),
          "Bytes of finished runs (with their capped output) the journal keeps.");
  static final Option<Integer> JOURNAL_MAX_ANSWERS =
      value(
          S,
          "--journal-max-answers",
          "BUS_UPCLOUD_JOURNAL_MAX_ANSWERS",
          "n",
          "10000",
          Conversions.integer(1, Integer.MAX_VALUE, "count"),
          "Answers of run, delete, start, stop and admin requests kept for redelivery.");
  static final Option<Long> JOURNAL_MAX_ANSWER_BYTES =
      value(
          S,
          "--journal-max-answer-bytes",
          "BUS_UPCLOUD_JOURNAL_MAX_ANSWER_BYTES",
          "bytes",
          "256m",
          Conversions.bytes(1024, Long.MAX_VALUE),
          "Bytes of answers kept for redelivery.");
  static final Option<Long> CONTAINER_OUTPUT_LIMIT =
      value(
          S,
          "--container-output-limit",
          "BUS_UPCLOUD_CONTAINER_OUTPUT_LIMIT",
          "bytes",
          "1m",
          Conversions.bytes(1, 4L << 20),
          "Bytes of stdout, and as many of stderr, kept of one run; the rest is cut on the runner"
              + " and the answer says stdout_truncated or stderr_truncated.");

  static final List<Option<?>> ALL =
      List.of(
          STATE_DIR,
          JOURNAL_MAX_RUNS,
          JOURNAL_MAX_RUN_BYTES,
          JOURNAL_MAX_ANSWERS,
          JOURNAL_MAX_ANSWER_BYTES,
          CONTAINER_OUTPUT_LIMIT);

  static StateConfig load(Inputs in, WorkerMode mode) {
    Path dir = in.value(STATE_DIR);
    if (dir == null) {
      String systemd = in.environment("STATE_DIRECTORY");
      // systemd may list several directories separated by ':'; the first is ours.
      dir =
          systemd != null && !systemd.isBlank()
              ? Path.of(systemd.split(":")[0])
              : Path.of(DEFAULT_STATE_DIR);
    }
    boolean inMemory = mode == WorkerMode.LOCAL || mode == WorkerMode.SELF_TEST;
    return new StateConfig(
        inMemory ? null : dir,
        in.value(JOURNAL_MAX_RUNS),
        in.value(JOURNAL_MAX_RUN_BYTES),
        in.value(JOURNAL_MAX_ANSWERS),
        in.value(JOURNAL_MAX_ANSWER_BYTES),
        in.value(CONTAINER_OUTPUT_LIMIT));
  }
}
