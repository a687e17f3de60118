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

  /** One check's outcome. */
  record Result(boolean ok, String detail) {}

  static Result check(StateConfig state) {
    requireNonNull(state, "state is null");
    if (state.stateDir() == null) {
      return new Result(true, "kept in memory");
    }
    Path dir = state.stateDir();
    if (!Files.isDirectory(dir)) {
      return new Result(
          false, dir + " does not exist or is not a directory (--state-dir, StateDirectory=)");
    }
    if (!Files.isWritable(dir)) {
      return new Result(false, dir + " is not writable by this user");
    }
    Path file = state.journalFile();
    if (!Files.exists(file)) {
      return new Result(true, dir + " is writable; the journal " + file + " is created at start");
    }
    if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
      return new Result(false, file + " is not a writable file");
    }
    try {
      return new Result(true, file + " exists (" + Files.size(file) + " bytes) and is writable");
    } catch (IOException e) {
      return new Result(false, "cannot read the size of " + file + ": " + e.getMessage());
    }
  }
}
