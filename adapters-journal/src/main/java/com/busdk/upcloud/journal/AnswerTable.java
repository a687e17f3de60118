package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunJournal.PendingRequest;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code answers} table: one row per claimed or answered request, keyed by request name and
 * correlation id. Statements are prepared once; the caller holds the journal's lock and, for
 * writes, its transaction.
 */
final class AnswerTable {
  private final PreparedStatement insertClaim;
  private final PreparedStatement findClaim;
  private final PreparedStatement upsertAnswer;
  private final PreparedStatement deleteAnswer;
  private final PreparedStatement unansweredOf;

  AnswerTable(Connection connection) throws SQLException {
    insertClaim =
        connection.prepareStatement(
            "INSERT INTO answers (request_name, correlation_id, worker, claimed_at, bytes)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    findClaim =
        connection.prepareStatement(
            "SELECT worker, claimed_at, answered_at, answer FROM answers"
                + " WHERE request_name = ? AND correlation_id = ?");
    upsertAnswer =
        connection.prepareStatement(
            "INSERT INTO answers"
                + " (request_name, correlation_id, worker, claimed_at, answered_at, bytes, answer)"
                + " VALUES (?, ?, '', ?, ?, ?, ?) ON CONFLICT (request_name, correlation_id)"
                + " DO UPDATE SET answered_at = excluded.answered_at, bytes = excluded.bytes,"
                + " answer = excluded.answer");
    deleteAnswer =
        connection.prepareStatement(
            "DELETE FROM answers WHERE request_name = ? AND correlation_id = ?");
    unansweredOf =
        connection.prepareStatement(
            "SELECT request_name, correlation_id, claimed_at FROM answers"
                + " WHERE worker = ? AND answered_at IS NULL ORDER BY claimed_at, rowid");
  }

  /** Inserts the claim unless the request has a row; then what that row says. */
  AnswerClaim claim(RequestKey key, String worker, long atNanos) throws SQLException {
    insertClaim.setString(1, key.requestName());
    insertClaim.setString(2, key.correlationId());
    insertClaim.setString(3, worker);
    insertClaim.setLong(4, atNanos);
    insertClaim.setLong(5, key.approximateBytes());
    return insertClaim.executeUpdate() == 1 ? new AnswerClaim.Fresh() : existingClaim(key);
  }

  /** Keeps {@code json} as the answer of {@code key}, claimed or not, counting {@code bytes}. */
  void keep(RequestKey key, String json, long bytes, long atNanos) throws SQLException {
    upsertAnswer.setString(1, key.requestName());
    upsertAnswer.setString(2, key.correlationId());
    upsertAnswer.setLong(3, atNanos);
    upsertAnswer.setLong(4, atNanos);
    upsertAnswer.setLong(5, bytes);
    upsertAnswer.setString(6, json);
    upsertAnswer.executeUpdate();
  }

  /** Forgets the claim of {@code key} with its answer. */
  void delete(RequestKey key) throws SQLException {
    deleteAnswer.setString(1, key.requestName());
    deleteAnswer.setString(2, key.correlationId());
    deleteAnswer.executeUpdate();
  }

  /** Claims of {@code worker} without an answer, oldest first. */
  List<PendingRequest> unanswered(String worker) throws SQLException {
    unansweredOf.setString(1, worker);
    List<PendingRequest> pending = new ArrayList<>();
    try (ResultSet rs = unansweredOf.executeQuery()) {
      while (rs.next()) {
        pending.add(
            new PendingRequest(
                new RequestKey(rs.getString(1), rs.getString(2)), Nanos.instant(rs.getLong(3))));
      }
    }
    return pending;
  }

  private AnswerClaim existingClaim(RequestKey key) throws SQLException {
    findClaim.setString(1, key.requestName());
    findClaim.setString(2, key.correlationId());
    try (ResultSet rs = findClaim.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("a claim that conflicted is missing");
      }
      String worker = rs.getString(1);
      Instant claimedAt = Nanos.instant(rs.getLong(2));
      rs.getLong(3);
      boolean answered = !rs.wasNull();
      return answered
          ? new AnswerClaim.Answered(new RawJson(rs.getString(4)))
          : new AnswerClaim.Running(worker, claimedAt);
    }
  }
}
