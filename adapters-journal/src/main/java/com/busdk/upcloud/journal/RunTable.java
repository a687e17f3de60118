package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code runs} table: one row per run, keyed by owner and run id, mapped by {@link RunRows}.
 * Statements are prepared once; the caller holds the journal's lock and, for writes, its
 * transaction.
 */
final class RunTable {
  /**
   * Served by the (owner, started_at) index, whose entries end in the rowid: no sort and no scan,
   * however many runs are kept.
   */
  static final String LIST_RUNS =
      "SELECT "
          + RunRows.FIELDS
          + " FROM runs WHERE owner = ? ORDER BY started_at DESC, rowid DESC LIMIT ?";

  private final String subject;
  private final PreparedStatement insertRun;
  private final PreparedStatement updateRun;
  private final PreparedStatement findRun;
  private final PreparedStatement listRuns;
  private final PreparedStatement runningRuns;

  /**
   * @param subject names the journal in the message of a row it cannot read
   */
  RunTable(Connection connection, String subject) throws SQLException {
    this.subject = subject;
    insertRun =
        connection.prepareStatement(
            "INSERT INTO runs (owner, run_id, "
                + RunRows.VALUES
                + ") VALUES (?, ?"
                + ", ?".repeat(RunRows.VALUE_COUNT)
                + ") ON CONFLICT DO NOTHING");
    updateRun =
        connection.prepareStatement(
            "UPDATE runs SET ("
                + RunRows.VALUES
                + ") = ("
                + "?, ".repeat(RunRows.VALUE_COUNT - 1)
                + "?) WHERE owner = ? AND run_id = ?");
    findRun =
        connection.prepareStatement(
            "SELECT " + RunRows.FIELDS + " FROM runs WHERE owner = ? AND run_id = ?");
    listRuns = connection.prepareStatement(LIST_RUNS);
    runningRuns =
        connection.prepareStatement(
            "SELECT "
                + RunRows.FIELDS
                + " FROM runs WHERE worker = ? AND state = ? ORDER BY started_at, rowid");
  }

  /** Records {@code run}; false when its owner already has a run with that id. */
  boolean insert(RunEntry run) throws SQLException {
    insertRun.setString(1, run.key().owner());
    insertRun.setString(2, run.key().runId());
    RunRows.bind(insertRun, 3, run);
    return insertRun.executeUpdate() == 1;
  }

  /** Replaces the recorded run with the same key; nothing when there is none. */
  void update(RunEntry run) throws SQLException {
    int next = RunRows.bind(updateRun, 1, run);
    updateRun.setString(next, run.key().owner());
    updateRun.setString(next + 1, run.key().runId());
    updateRun.executeUpdate();
  }

  Optional<RunEntry> find(String owner, String runId) throws SQLException {
    findRun.setString(1, owner);
    findRun.setString(2, runId);
    List<RunEntry> found = runs(findRun);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The owner's newest {@code max} runs, newest first. */
  List<RunEntry> list(String owner, int max) throws SQLException {
    listRuns.setString(1, owner);
    listRuns.setInt(2, max);
    return runs(listRuns);
  }

  /** The worker's runs recorded as running, oldest first. */
  List<RunEntry> running(String worker) throws SQLException {
    runningRuns.setString(1, worker);
    runningRuns.setString(2, RunState.RUNNING.wire());
    return runs(runningRuns);
  }

  private List<RunEntry> runs(PreparedStatement query) throws SQLException {
    List<RunEntry> runs = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        try {
          runs.add(RunRows.read(rs));
        } catch (IllegalArgumentException e) {
          throw new JournalException(
              subject
                  + " holds a run this worker cannot read ("
                  + e.getMessage()
                  + "): it was changed outside the worker",
              true,
              e);
        }
      }
    }
    return runs;
  }
}
