package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunJournal.JournalUsage;
import com.busdk.upcloud.ports.TimeSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps the journal within its {@link JournalLimits}: drops finished runs and answers older than
 * their time to live, then the oldest of them while a count or byte total is over its bound. The
 * totals come from the {@code totals} table that triggers keep; every step is an index seek. The
 * caller holds the journal's lock and its write transaction.
 */
final class Bounds {
  private final JournalLimits limits;
  private final TimeSource time;
  private final PreparedStatement totals;
  private final PreparedStatement expireRuns;
  private final PreparedStatement expireAnswers;
  private final PreparedStatement evictRun;
  private final PreparedStatement evictAnswer;

  Bounds(Connection connection, JournalLimits limits, TimeSource time) throws SQLException {
    this.limits = limits;
    this.time = time;
    totals = connection.prepareStatement("SELECT count, bytes FROM totals WHERE kind = ?");
    expireRuns =
        connection.prepareStatement(
            "DELETE FROM runs WHERE settled_at IS NOT NULL AND settled_at < ?");
    expireAnswers =
        connection.prepareStatement(
            "DELETE FROM answers WHERE answered_at IS NOT NULL AND answered_at < ?");
    evictRun =
        connection.prepareStatement(
            "DELETE FROM runs WHERE rowid = (SELECT rowid FROM runs"
                + " WHERE settled_at IS NOT NULL ORDER BY settled_at, rowid LIMIT 1)");
    evictAnswer =
        connection.prepareStatement(
            "DELETE FROM answers WHERE rowid = (SELECT rowid FROM answers"
                + " WHERE answered_at IS NOT NULL ORDER BY answered_at, rowid LIMIT 1)");
  }

  /** Drops what has expired, then what is over a bound. */
  void prune() throws SQLException {
    expire();
    shrink();
  }

  /** Drops finished runs and answers older than their time to live. */
  void expire() throws SQLException {
    long now = Nanos.of(time.now());
    expireRuns.setLong(1, Nanos.before(now, limits.runTtl()));
    expireRuns.executeUpdate();
    expireAnswers.setLong(1, Nanos.before(now, limits.answerTtl()));
    expireAnswers.executeUpdate();
  }

  /** Drops the oldest finished runs and answers while a count or byte bound is exceeded. */
  void shrink() throws SQLException {
    boolean more = true;
    while (more && over("runs", limits.maxRuns(), limits.maxRunBytes())) {
      more = evictRun.executeUpdate() > 0;
    }
    more = true;
    while (more && over("answers", limits.maxAnswers(), limits.maxAnswerBytes())) {
      more = evictAnswer.executeUpdate() > 0;
    }
  }

  /** The counts and bytes the totals table holds now. */
  JournalUsage usage() throws SQLException {
    long[] runs = total("runs");
    long[] answers = total("answers");
    return new JournalUsage((int) runs[0], runs[1], (int) answers[0], answers[1]);
  }

  private boolean over(String kind, int maxCount, long maxBytes) throws SQLException {
    long[] total = total(kind);
    return total[0] > maxCount || total[1] > maxBytes;
  }

  private long[] total(String kind) throws SQLException {
    totals.setString(1, kind);
    try (ResultSet rs = totals.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("the totals row of " + kind + " is missing");
      }
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }
}
