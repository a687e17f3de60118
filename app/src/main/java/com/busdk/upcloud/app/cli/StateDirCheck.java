package com.busdk.upcloud.app.cli;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.StateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The preflight of the run journal's state directory. It writes nothing: a check run by another
 * user (root, say) must not leave a journal file the worker's user cannot write.
 */
final class StateDirCheck {
  private StateDirCheck() {}

  private static final String NAME = "run journal";

  static CheckResult check(StateConfig state) {
    requireNonNull(state, "state is null");
    if (state.stateDir() == null) {
      return CheckResult.ok(NAME, "kept in memory");
    }
    Path dir = state.stateDir();
    if (!Files.isDirectory(dir)) {
      return CheckResult.fail(
          NAME, dir + " does not exist or is not a directory (--state-dir, StateDirectory=)");
    }
    if (!Files.isWritable(dir)) {
      return CheckResult.fail(NAME, dir + " is not writable by this user");
    }
    Path file = state.journalFile();
    if (!Files.exists(file)) {
      return CheckResult.ok(
          NAME, dir + " is writable; the journal " + file + " is created at start");
    }
    if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
      return CheckResult.fail(NAME, file + " is not a writable file");
    }
    try {
      return CheckResult.ok(
          NAME, file + " exists (" + Files.size(file) + " bytes) and is writable");
    } catch (IOException e) {
      return CheckResult.fail(NAME, "cannot read the size of " + file + ": " + e.getMessage());
    }
  }
}
