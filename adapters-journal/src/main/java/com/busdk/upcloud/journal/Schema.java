package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's tables, versioned by {@code PRAGMA user_version}. Step {@code n} of {@link #STEPS}
 * takes a file from version {@code n} to {@code n + 1}; a new version appends a step and never
 * edits an old one, because files written by the old step exist.
 */
final class Schema {
  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  /**
   * Version 1. Times are nanoseconds since the epoch. {@code settled_at} is when a run stopped
   * running (its finish, else its start) and is null while it runs, so the eviction index holds
   * only what may be evicted; the same holds for {@code answered_at}. The {@code totals} row of
   * each table is kept by triggers in the writing transaction, so bounds are checked without
   * scanning and stay right when two processes share the file.
   */
  private static final List<String> VERSION_1 =
      concat(
          List.of(
              """
          CREATE TABLE runs (
            owner TEXT NOT NULL,
            run_id TEXT NOT NULL,
            worker TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            settled_at INTEGER,
            bytes INTEGER NOT NULL,
            correlation_id TEXT NOT NULL,
            image TEXT NOT NULL,
            runner_name TEXT NOT NULL,
            container_name TEXT NOT NULL,
            exit_code INTEGER,
            stdout_truncated INTEGER NOT NULL,
            stderr_truncated INTEGER NOT NULL,
            message TEXT,
            args TEXT NOT NULL,
            stdout TEXT NOT NULL,
            stderr TEXT NOT NULL,
            PRIMARY KEY (owner, run_id)
          )""",
              "CREATE INDEX runs_by_owner ON runs (owner, started_at)",
              "CREATE INDEX runs_by_worker ON runs (worker, state)",
              "CREATE INDEX runs_settled ON runs (settled_at) WHERE settled_at IS NOT NULL",
              """
          CREATE TABLE answers (
            request_name TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            worker TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            answered_at INTEGER,
            bytes INTEGER NOT NULL,
            answer TEXT,
            PRIMARY KEY (request_name, correlation_id)
          )""",
              "CREATE INDEX answers_unanswered ON answers (worker, claimed_at)"
                  + " WHERE answered_at IS NULL",
              "CREATE INDEX answers_answered ON answers (answered_at) WHERE answered_at IS NOT NULL",
              """
          CREATE TABLE totals (
            kind TEXT PRIMARY KEY,
            count INTEGER NOT NULL,
            bytes INTEGER NOT NULL
          )""",
              "INSERT INTO totals (kind, count, bytes) VALUES ('runs', 0, 0), ('answers', 0, 0)"),
          totalsTriggers("runs"),
          totalsTriggers("answers"));

  static final List<List<String>> STEPS = List.of(VERSION_1);

  static final int LATEST = STEPS.size();

  private Schema() {}

  static int version(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean hasTables(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  /**
   * Brings the schema up to date in one write transaction, after checking again what is there: a
   * second process sharing the file may have migrated it since the caller looked.
   */
  static void migrate(Connection connection, SqliteFailures failures) throws SQLException {
    if (version(connection) == LATEST) {
      return;
    }
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        int from = version(connection);
        refuseUnknown(connection, from, failures);
        apply(s, from);
        s.execute("COMMIT");
        committed = true;
        if (from > 0) {
          LOG.info("{}: schema migrated from version {} to {}", failures.subject(), from, LATEST);
        }
      } finally {
        if (!committed) {
          failures.rollback(s);
        }
      }
    }
  }

  /**
   * Refuses, before anything is written, a file whose shape this code cannot know: one from a newer
   * worker, or a database with tables of its own.
   */
  static void refuseUnknown(Connection connection, int version, SqliteFailures failures)
      throws SQLException {
    if (version > LATEST) {
      throw new JournalException(
          failures.subject()
              + " has schema version "
              + version
              + " from a newer worker; this one knows up to version "
              + LATEST
              + " and left the file as it is",
          true,
          null);
    }
    // Read again after seeing tables: another process may have migrated the file between the two
    // reads, and its tables and version are committed together, so a later read sees both.
    if (version == 0 && hasTables(connection) && version(connection) == 0) {
      throw new JournalException(
          failures.subject()
              + " holds tables but no journal schema version: it is not a run journal and was"
              + " left as it is",
          true,
          null);
    }
  }

  private static void apply(Statement s, int from) throws SQLException {
    for (int version = from; version < LATEST; version++) {
      for (String sql : STEPS.get(version)) {
        s.execute(sql);
      }
    }
    s.execute("PRAGMA user_version = " + LATEST);
  }

  /** Triggers that keep the {@code totals} row of {@code table} in step with its rows. */
  private static List<String> totalsTriggers(String table) {
    String kind = "'" + table + "'";
    return List.of(
        "CREATE TRIGGER "
            + table
            + "_inserted AFTER INSERT ON "
            + table
            + " BEGIN UPDATE totals SET count = count + 1, bytes = bytes + NEW.bytes WHERE kind = "
            + kind
            + "; END",
        "CREATE TRIGGER "
            + table
            + "_deleted AFTER DELETE ON "
            + table
            + " BEGIN UPDATE totals SET count = count - 1, bytes = bytes - OLD.bytes WHERE kind = "
            + kind
            + "; END",
        "CREATE TRIGGER "
            + table
            + "_updated AFTER UPDATE OF bytes ON "
            + table
            + " BEGIN UPDATE totals SET bytes = bytes - OLD.bytes + NEW.bytes WHERE kind = "
            + kind
            + "; END");
  }

  private static List<String> concat(List<String> first, List<String> second, List<String> third) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    all.addAll(third);
    return List.copyOf(all);
  }
}
