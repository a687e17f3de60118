package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** How a {@link RunEntry} maps to a row of the {@code runs} table and back. */
final class RunRows {

  /** The columns besides the key, written in this order by {@link #bind}. */
  private static final List<String> VALUE_COLUMNS =
      List.of(
          "worker",
          "state",
          "started_at",
          "finished_at",
          "settled_at",
          "bytes",
          "correlation_id",
          "image",
          "runner_name",
          "container_name",
          "exit_code",
          "stdout_truncated",
          "stderr_truncated",
          "message",
          "args",
          "stdout",
          "stderr");

  static final String VALUES = String.join(", ", VALUE_COLUMNS);
  static final int VALUE_COUNT = VALUE_COLUMNS.size();

  /** Read in this order, the order of {@link RunEntry}'s components, by {@link #read}. */
  static final String FIELDS =
      "owner, run_id, correlation_id, worker, image, args, runner_name, container_name, state,"
          + " exit_code, stdout, stdout_truncated, stderr, stderr_truncated, message, started_at,"
          + " finished_at";

  private RunRows() {}

  /** Binds the {@link #VALUES} columns from parameter {@code first} on; returns the next index. */
  static int bind(PreparedStatement s, int first, RunEntry run) throws SQLException {
    int i = first;
    s.setString(i++, run.worker());
    s.setString(i++, run.state().wire());
    s.setLong(i++, Nanos.of(run.startedAt()));
    setNullableLong(s, i++, run.finishedAt() == null ? null : Nanos.of(run.finishedAt()));
    setNullableLong(s, i++, settledAt(run));
    s.setLong(i++, run.approximateBytes());
    s.setString(i++, run.correlationId());
    s.setString(i++, run.image());
    s.setString(i++, run.runnerName());
    s.setString(i++, run.containerName());
    setNullableLong(s, i++, run.exitCode() == null ? null : run.exitCode().longValue());
    s.setInt(i++, run.stdoutTruncated() ? 1 : 0);
    s.setInt(i++, run.stderrTruncated() ? 1 : 0);
    s.setString(i++, run.message());
    s.setString(i++, JsonStrings.encode(run.args()));
    s.setString(i++, run.stdout());
    s.setString(i++, run.stderr());
    return i;
  }

  /**
   * The run in the current row of a query for {@link #FIELDS}.
   *
   * @throws IllegalArgumentException when the row holds what this code never writes
   */
  static RunEntry read(ResultSet rs) throws SQLException {
    int exitCode = rs.getInt(10);
    Integer exit = rs.wasNull() ? null : exitCode;
    long finished = rs.getLong(17);
    Instant finishedAt = rs.wasNull() ? null : Nanos.instant(finished);
    return new RunEntry(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        JsonStrings.decode(rs.getString(6)),
        rs.getString(7),
        rs.getString(8),
        state(rs.getString(9)),
        exit,
        rs.getString(11),
        rs.getInt(12) != 0,
        rs.getString(13),
        rs.getInt(14) != 0,
        rs.getString(15),
        Nanos.instant(rs.getLong(16)),
        finishedAt);
  }

  /** When a run stopped running, for its age; null while it runs, so it is never evicted. */
  private static Long settledAt(RunEntry run) {
    if (run.isRunning()) {
      return null;
    }
    return Nanos.of(run.finishedAt() == null ? run.startedAt() : run.finishedAt());
  }

  private static RunState state(String wire) {
    for (RunState state : RunState.values()) {
      if (state.wire().equals(wire)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown run state " + wire);
  }

  private static void setNullableLong(PreparedStatement s, int index, Long value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setLong(index, value);
    }
  }
}
