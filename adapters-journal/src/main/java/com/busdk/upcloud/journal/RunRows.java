package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunOutput;
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

  /** Read in this order by {@link #read}. */
  static final String FIELDS =
      "owner, run_id, correlation_id, worker, image, args, runner_name, container_name, state,"
          + " exit_code, stdout, stdout_truncated, stderr, stderr_truncated, message, started_at,"
          + " finished_at";

  private RunRows() {}

  /** Binds the {@link #VALUES} columns from parameter {@code first} on; returns the next index. */
  static int bind(PreparedStatement s, int first, RunEntry run) throws SQLException {
    RunEntry.Launch launch = run.launch();
    RunEntry.Outcome outcome = run.outcome();
    RunOutput output = run.output();
    int i = first;
    s.setString(i++, launch.worker());
    s.setString(i++, run.state().wire());
    s.setLong(i++, Nanos.of(launch.startedAt()));
    setNullableLong(s, i++, outcome.finishedAt() == null ? null : Nanos.of(outcome.finishedAt()));
    setNullableLong(s, i++, run.settledAt() == null ? null : Nanos.of(run.settledAt()));
    s.setLong(i++, run.approximateBytes());
    s.setString(i++, launch.correlationId());
    s.setString(i++, launch.image());
    s.setString(i++, launch.runnerName());
    s.setString(i++, launch.containerName());
    setNullableLong(s, i++, outcome.exitCode() == null ? null : outcome.exitCode().longValue());
    s.setInt(i++, output.stdoutTruncated() ? 1 : 0);
    s.setInt(i++, output.stderrTruncated() ? 1 : 0);
    s.setString(i++, outcome.message());
    s.setString(i++, JsonStrings.encode(launch.args()));
    s.setString(i++, output.stdout());
    s.setString(i++, output.stderr());
    return i;
  }

  /**
   * The run in the current row of a query for {@link #FIELDS}.
   *
   * @throws IllegalArgumentException when the row holds what this code never writes
   */
  static RunEntry read(ResultSet rs) throws SQLException {
    RunEntry.Key key = new RunEntry.Key(rs.getString(1), rs.getString(2));
    RunEntry.Launch launch =
        new RunEntry.Launch(
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            JsonStrings.decode(rs.getString(6)),
            rs.getString(7),
            rs.getString(8),
            Nanos.instant(rs.getLong(16)));
    RunState state = RunState.fromWire(rs.getString(9));
    int exitCode = rs.getInt(10);
    Integer exit = rs.wasNull() ? null : exitCode;
    RunOutput output =
        new RunOutput(rs.getString(11), rs.getInt(12) != 0, rs.getString(13), rs.getInt(14) != 0);
    String message = rs.getString(15);
    long finished = rs.getLong(17);
    Instant finishedAt = rs.wasNull() ? null : Nanos.instant(finished);
    return new RunEntry(
        key, launch, state, new RunEntry.Outcome(exit, message, finishedAt), output);
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
