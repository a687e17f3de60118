package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SQLite's result codes into one-line {@link JournalException}s that say what an operator can
 * do. What a person must fix (a damaged or unwritable file) is a configuration error; what may pass
 * (a full disk, a lock held too long) is a runtime error.
 */
final class SqliteFailures {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteFailures.class);

  // Primary result codes, https://sqlite.org/rescode.html; sqlite-jdbc reports the primary code.
  static final int PERM = 3;
  static final int BUSY = 5;
  static final int LOCKED = 6;
  static final int NOMEM = 7;
  static final int READONLY = 8;
  static final int IOERR = 10;
  static final int CORRUPT = 11;
  static final int FULL = 13;
  static final int CANTOPEN = 14;
  static final int NOTADB = 26;

  private final String subject;
  private final Duration busyTimeout;

  /**
   * @param subject how messages name the journal, such as {@code run journal /var/lib/x/j.db}
   */
  SqliteFailures(String subject, Duration busyTimeout) {
    this.subject = subject;
    this.busyTimeout = busyTimeout;
  }

  String subject() {
    return subject;
  }

  JournalException translate(SQLException e, String doing) {
    return switch (e.getErrorCode() & 0xff) {
      case CORRUPT, NOTADB ->
          new JournalException(
              subject
                  + " is not a usable SQLite database ("
                  + reason(e)
                  + "); it was left as it is: restore it or move it aside",
              true,
              e);
      case READONLY, PERM, CANTOPEN ->
          new JournalException(
              subject + " cannot be written while " + doing + " (" + reason(e) + ")", true, e);
      case FULL ->
          new JournalException(
              subject + ": the disk is full; " + doing + " was not recorded", false, e);
      case BUSY, LOCKED ->
          new JournalException(
              subject
                  + " stayed locked by another process for over "
                  + busyTimeout.toMillis()
                  + " ms; "
                  + doing
                  + " was not recorded",
              false,
              e);
      case NOMEM -> new JournalException(subject + ": out of memory while " + doing, false, e);
      case IOERR ->
          new JournalException(
              subject + ": I/O error while " + doing + " (" + reason(e) + ")", false, e);
      default ->
          new JournalException(subject + ": " + doing + " failed (" + reason(e) + ")", false, e);
    };
  }

  /** Ends the transaction {@code control} began, after a failure that is being reported. */
  void rollback(Statement control) {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite already rolled back after the failure being reported (full disk, I/O error).
      LOG.debug("{}: nothing to roll back: {}", subject, e.getMessage());
    }
  }

  JournalException closed() {
    return new JournalException(subject + " is closed", false, null);
  }

  /** SQLite's own words, on one line, without the driver's code prefix. */
  private static String reason(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int open = message.lastIndexOf('(');
    int close = message.lastIndexOf(')');
    // sqlite-jdbc writes "[SQLITE_CODE] Generic text (what SQLite said)"; the parenthesis is the
    // specific part.
    String specific =
        message.startsWith("[") && open >= 0 && close > open
            ? message.substring(open + 1, close)
            : message;
    String oneLine = specific.replaceAll("\\s+", " ").strip();
    return oneLine.isEmpty() ? "SQLite code " + e.getErrorCode() : oneLine;
  }
}
