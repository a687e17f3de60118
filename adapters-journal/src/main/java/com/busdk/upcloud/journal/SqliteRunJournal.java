package com.busdk.upcloud.journal;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.TimeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A {@link RunJournal} in one SQLite file (or in SQLite's memory), safe for many threads and for
 * several processes sharing the file.
 *
 * <p>The file is in WAL mode, so readers never wait for the writer, with {@code
 * synchronous=NORMAL}: a power cut may lose the last transactions but never corrupts the file, and
 * a crashed process loses nothing. Every write is one {@code BEGIN IMMEDIATE} transaction that
 * takes the file's write lock before reading, so two processes never deadlock on a lock upgrade; a
 * lock held longer than the busy timeout fails the write with a runtime {@link JournalException}.
 * The schema is versioned by {@code PRAGMA user_version} and migrated at open; a file this code
 * cannot read with certainty (damaged, not a database, or from a newer worker) is refused and left
 * as it is.
 *
 * <p>Answers are kept as the JSON text the encoder makes of them and read back as {@link RawJson}.
 */
public final class SqliteRunJournal implements RunJournal {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteRunJournal.class);

  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);

  /**
   * SQLite's page cache for the file, in native memory outside the heap: 2 MiB of the worker's
   * memory budget rather than SQLite's default that grows with the page size.
   */
  private static final int CACHE_KIB = 2048;

  /** A checkpointed WAL is cut back to this size, so one burst does not keep its disk space. */
  private static final long WAL_SIZE_LIMIT = 8L << 20;

  private static final String MEMORY_URL = "jdbc:sqlite::memory:";

  /**
   * Served by the (owner, started_at) index, whose entries end in the rowid: no sort and no scan,
   * however many runs are kept.
   */
  static final String LIST_RUNS =
      "SELECT "
          + RunRows.FIELDS
          + " FROM runs WHERE owner = ? ORDER BY started_at DESC, rowid DESC LIMIT ?";

  private final JournalLimits limits;
  private final Function<Object, String> encoder;
  private final TimeSource time;
  private final SqliteFailures failures;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private final Statement control;
  private final PreparedStatement insertClaim;
  private final PreparedStatement findClaim;
  private final PreparedStatement upsertAnswer;
  private final PreparedStatement deleteAnswer;
  private final PreparedStatement unansweredOf;
  private final PreparedStatement insertRun;
  private final PreparedStatement updateRun;
  private final PreparedStatement findRun;
  private final PreparedStatement listRuns;
  private final PreparedStatement runningRuns;
  private final PreparedStatement totals;
  private final PreparedStatement expireRuns;
  private final PreparedStatement expireAnswers;
  private final PreparedStatement evictRun;
  private final PreparedStatement evictAnswer;

  private boolean closed;

  private SqliteRunJournal(
      Connection connection,
      JournalLimits limits,
      Function<Object, String> encoder,
      TimeSource time,
      SqliteFailures failures)
      throws SQLException {
    this.connection = connection;
    this.limits = limits;
    this.encoder = encoder;
    this.time = time;
    this.failures = failures;
    control = connection.createStatement();
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

  /**
   * Opens, creating it when missing, the journal file {@code file} and brings its schema up to
   * date. The directory must exist and be writable: creating and guarding it is the caller's job.
   *
   * @param encoder makes the JSON text of an answer payload (the events codec)
   * @param time the clock that ages finished runs and answers
   * @throws JournalException with {@link JournalException#isConfiguration()} true when the
   *     directory or file is missing, unwritable, damaged, not a journal or from a newer worker;
   *     false when the file stayed locked or the disk is full
   */
  public static SqliteRunJournal open(
      Path file, JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    return open(file, limits, encoder, time, BUSY_TIMEOUT);
  }

  static SqliteRunJournal open(
      Path file,
      JournalLimits limits,
      Function<Object, String> encoder,
      TimeSource time,
      Duration busyTimeout) {
    requireNonNull(file, "file is null");
    requireNonNull(limits, "limits is null");
    requireNonNull(encoder, "encoder is null");
    requireNonNull(time, "time is null");
    Path path = file.toAbsolutePath().normalize();
    SqliteFailures failures = new SqliteFailures("run journal " + path, busyTimeout);
    checkLocation(path, failures.subject());
    Connection connection = connect("jdbc:sqlite:" + path, failures);
    try {
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
      }
      Schema.migrate(connection, failures);
      return opened(connection, limits, encoder, time, failures, true);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw failures.translate(e, "opening it");
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** A journal in SQLite's memory, gone when closed: for {@code --local} and self-tests. */
  public static SqliteRunJournal inMemory(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    requireNonNull(limits, "limits is null");
    requireNonNull(encoder, "encoder is null");
    requireNonNull(time, "time is null");
    SqliteFailures failures = new SqliteFailures("in-memory run journal", Duration.ZERO);
    Connection connection = connect(MEMORY_URL, failures);
    try {
      Schema.migrate(connection, failures);
      return opened(connection, limits, encoder, time, failures, false);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw failures.translate(e, "opening it");
    }
  }

  @Override
  public AnswerClaim claim(RequestKey key, String worker, Instant now) {
    requireNonNull(key, "key is null");
    requireNonNull(worker, "worker is null");
    long at = Nanos.of(now);
    return write(
        "claiming a request",
        () -> {
          // An expired answer must not be handed out as if it were still kept.
          expire();
          insertClaim.setString(1, key.requestName());
          insertClaim.setString(2, key.correlationId());
          insertClaim.setString(3, worker);
          insertClaim.setLong(4, at);
          insertClaim.setLong(5, key.approximateBytes());
          AnswerClaim claim =
              insertClaim.executeUpdate() == 1 ? new AnswerClaim.Fresh() : existingClaim(key);
          shrink();
          return claim;
        });
  }

  @Override
  public void answered(RequestKey key, Object payload, Instant now) {
    requireNonNull(key, "key is null");
    requireNonNull(payload, "payload is null");
    long at = Nanos.of(now);
    String json =
        payload instanceof RawJson raw
            ? raw.json()
            : requireNonNull(encoder.apply(payload), "encoder returned null");
    long bytes = key.approximateBytes() + json.getBytes(StandardCharsets.UTF_8).length;
    write(
        "keeping an answer",
        () -> {
          upsertAnswer.setString(1, key.requestName());
          upsertAnswer.setString(2, key.correlationId());
          upsertAnswer.setLong(3, at);
          upsertAnswer.setLong(4, at);
          upsertAnswer.setLong(5, bytes);
          upsertAnswer.setString(6, json);
          upsertAnswer.executeUpdate();
          prune();
          return null;
        });
  }

  @Override
  public void release(RequestKey key) {
    requireNonNull(key, "key is null");
    write(
        "releasing a claim",
        () -> {
          deleteAnswer.setString(1, key.requestName());
          deleteAnswer.setString(2, key.correlationId());
          deleteAnswer.executeUpdate();
          prune();
          return null;
        });
  }

  @Override
  public List<PendingRequest> unanswered(String worker) {
    requireNonNull(worker, "worker is null");
    return read(
        "reading claims",
        () -> {
          unansweredOf.setString(1, worker);
          List<PendingRequest> pending = new ArrayList<>();
          try (ResultSet rs = unansweredOf.executeQuery()) {
            while (rs.next()) {
              pending.add(
                  new PendingRequest(
                      new RequestKey(rs.getString(1), rs.getString(2)),
                      Nanos.instant(rs.getLong(3))));
            }
          }
          return pending;
        });
  }

  @Override
  public boolean insertRun(RunEntry run) {
    requireNonNull(run, "run is null");
    return write(
        "recording a run",
        () -> {
          insertRun.setString(1, run.key().owner());
          insertRun.setString(2, run.key().runId());
          RunRows.bind(insertRun, 3, run);
          boolean inserted = insertRun.executeUpdate() == 1;
          prune();
          return inserted;
        });
  }

  @Override
  public void updateRun(RunEntry run) {
    requireNonNull(run, "run is null");
    write(
        "updating a run",
        () -> {
          int next = RunRows.bind(updateRun, 1, run);
          updateRun.setString(next, run.key().owner());
          updateRun.setString(next + 1, run.key().runId());
          updateRun.executeUpdate();
          prune();
          return null;
        });
  }

  @Override
  public Optional<RunEntry> findRun(String owner, String runId) {
    requireNonNull(owner, "owner is null");
    requireNonNull(runId, "runId is null");
    return read(
        "reading a run",
        () -> {
          findRun.setString(1, owner);
          findRun.setString(2, runId);
          List<RunEntry> found = runs(findRun);
          return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
  }

  @Override
  public List<RunEntry> listRuns(String owner, int max) {
    requireNonNull(owner, "owner is null");
    if (max <= 0) {
      return List.of();
    }
    return read(
        "listing runs",
        () -> {
          listRuns.setString(1, owner);
          listRuns.setInt(2, max);
          return runs(listRuns);
        });
  }

  @Override
  public List<RunEntry> runningRuns(String worker) {
    requireNonNull(worker, "worker is null");
    return read(
        "listing running runs",
        () -> {
          runningRuns.setString(1, worker);
          runningRuns.setString(2, RunState.RUNNING.wire());
          return runs(runningRuns);
        });
  }

  @Override
  public JournalUsage usage() {
    return read(
        "reading usage",
        () -> {
          long[] runs = total("runs");
          long[] answers = total("answers");
          return new JournalUsage((int) runs[0], runs[1], (int) answers[0], answers[1]);
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Closing the last connection checkpoints the WAL into the file and removes it.
      connection.close();
    } catch (SQLException e) {
      LOG.warn("{}", failures.translate(e, "closing").getMessage());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteRunJournal[" + failures.subject() + "]";
  }

  // ---- writing and pruning -------------------------------------------------------------------

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T write(String doing, Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      control.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        T result = work.run();
        control.execute("COMMIT");
        committed = true;
        return result;
      } finally {
        if (!committed) {
          failures.rollback(control);
        }
      }
    } catch (SQLException e) {
      throw failures.translate(e, doing);
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(String doing, Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.run();
    } catch (SQLException e) {
      throw failures.translate(e, doing);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw failures.closed();
    }
  }

  private void prune() throws SQLException {
    expire();
    shrink();
  }

  /** Drops finished runs and answers older than their time to live. */
  private void expire() throws SQLException {
    long now = Nanos.of(time.now());
    expireRuns.setLong(1, Nanos.before(now, limits.runTtl()));
    expireRuns.executeUpdate();
    expireAnswers.setLong(1, Nanos.before(now, limits.answerTtl()));
    expireAnswers.executeUpdate();
  }

  /** Drops the oldest finished runs and answers while a count or byte bound is exceeded. */
  private void shrink() throws SQLException {
    boolean more = true;
    while (more && over("runs", limits.maxRuns(), limits.maxRunBytes())) {
      more = evictRun.executeUpdate() > 0;
    }
    more = true;
    while (more && over("answers", limits.maxAnswers(), limits.maxAnswerBytes())) {
      more = evictAnswer.executeUpdate() > 0;
    }
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

  private List<RunEntry> runs(PreparedStatement query) throws SQLException {
    List<RunEntry> runs = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        try {
          runs.add(RunRows.read(rs));
        } catch (IllegalArgumentException e) {
          throw new JournalException(
              failures.subject()
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

  // ---- opening -------------------------------------------------------------------------------

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
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw failures.translate(e, "opening it");
    }
  }

  private static SqliteRunJournal opened(
      Connection connection,
      JournalLimits limits,
      Function<Object, String> encoder,
      TimeSource time,
      SqliteFailures failures,
      boolean durable)
      throws SQLException {
    SqliteRunJournal journal = new SqliteRunJournal(connection, limits, encoder, time, failures);
    long[] runs = journal.total("runs");
    long[] answers = journal.total("answers");
    // A journal in memory starts empty every time; its opening is no news.
    LOG.atLevel(durable ? Level.INFO : Level.DEBUG)
        .log(
            "{} open: schema version {}, {} runs ({} bytes), {} answers and claims ({} bytes)",
            failures.subject(),
            Schema.LATEST,
            runs[0],
            runs[1],
            answers[0],
            answers[1]);
    return journal;
  }

  private static String queryString(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a journal connection that failed to open: {}", e.getMessage());
    }
  }
}
