package com.busdk.upcloud.journal;

import com.busdk.upcloud.ports.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening the journal's SQLite connection: where the file may be, and the settings the file is used
 * with (WAL, {@code synchronous=NORMAL}, busy timeout, page cache, WAL size). A file this code
 * cannot read with certainty is refused before anything is written to it.
 */
final class JournalFile {
  private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);

  /**
   * SQLite's page cache for the file, in native memory outside the heap: 2 MiB of the worker's
   * memory budget rather than SQLite's default that grows with the page size.
   */
  private static final int CACHE_KIB = 2048;

  /** A checkpointed WAL is cut back to this size, so one burst does not keep its disk space. */
  private static final long WAL_SIZE_LIMIT = 8L << 20;

  private static final String MEMORY_URL = "jdbc:sqlite::memory:";

  private JournalFile() {}

  /**
   * A connection to {@code path} in WAL mode, its schema not yet migrated.
   *
   * @throws JournalException when the location or the file must be refused, or SQLite fails
   */
  static Connection open(Path path, Duration busyTimeout, SqliteFailures failures) {
    checkLocation(path, failures.subject());
    Connection connection = connect("jdbc:sqlite:" + path, failures);
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
      // Read before anything is written, so a file we must refuse is left as it is.
      Schema.refuseUnknown(connection, Schema.version(connection), failures);
      String mode = queryString(s, "PRAGMA journal_mode = WAL");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new JournalException(
            failures.subject()
                + " cannot use write-ahead logging (journal mode stays "
                + mode
                + "): keep the state directory on a local file system",
            true,
            null);
      }
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute("PRAGMA cache_size = -" + CACHE_KIB);
      s.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw failures.translate(e, "opening it");
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** A connection to a new database in SQLite's memory. */
  static Connection inMemory(SqliteFailures failures) {
    return connect(MEMORY_URL, failures);
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a journal connection that failed to open: {}", e.getMessage());
    }
  }

  private static void checkLocation(Path file, String subject) {
    if (file.toString().indexOf('?') >= 0) {
      throw new JournalException(
          subject + ": a journal path must not contain '?' (the SQLite driver reads it as options)",
          true,
          null);
    }
    Path dir = file.getParent();
    if (dir == null || !Files.exists(dir)) {
      throw new JournalException(
          "state directory " + dir + " of " + subject + " does not exist", true, null);
    }
    if (!Files.isDirectory(dir)) {
      throw new JournalException(
          "state directory " + dir + " of " + subject + " is not a directory", true, null);
    }
    if (!Files.isWritable(dir)) {
      throw new JournalException(
          "state directory " + dir + " of " + subject + " is not writable", true, null);
    }
    if (Files.exists(file)) {
      if (!Files.isRegularFile(file)) {
        throw new JournalException(subject + " is not a regular file", true, null);
      }
      if (!Files.isWritable(file)) {
        throw new JournalException(subject + " is not writable", true, null);
      }
    }
  }

  private static Connection connect(String url, SqliteFailures failures) {
    SqliteNative.prepare();
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw failures.translate(e, "opening it");
    }
  }

  private static String queryString(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "";
    }
  }
}
