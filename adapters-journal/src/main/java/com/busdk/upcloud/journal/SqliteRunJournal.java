package com.busdk.upcloud.journal;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.TimeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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
 * <p>This class holds the connection, its lock and the transactions; the tables' statements live in
 * {@link RunTable} and {@link AnswerTable}, the bounds in {@link Bounds}, and opening the file in
 * {@link JournalFile}.
 *
 * <p>Answers are kept as the JSON text the encoder makes of them and read back as {@link RawJson}.
 */
public final class SqliteRunJournal implements RunJournal {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteRunJournal.class);

  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);

  private final Function<Object, String> encoder;
  private final SqliteFailures failures;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final Statement control;
  private final RunTable runs;
  private final AnswerTable answers;
  private final Bounds bounds;

  private boolean closed;

  private SqliteRunJournal(
      Connection connection,
      JournalLimits limits,
      Function<Object, String> encoder,
      TimeSource time,
      SqliteFailures failures)
      throws SQLException {
    this.connection = connection;
    this.encoder = encoder;
    this.failures = failures;
    control = connection.createStatement();
    runs = new RunTable(connection, failures.subject());
    answers = new AnswerTable(connection);
    bounds = new Bounds(connection, limits, time);
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
    requireArguments(limits, encoder, time);
    Path path = file.toAbsolutePath().normalize();
    SqliteFailures failures = new SqliteFailures("run journal " + path, busyTimeout);
    Connection connection = JournalFile.open(path, busyTimeout, failures);
    return migrated(connection, limits, encoder, time, failures, true);
  }

  /** A journal in SQLite's memory, gone when closed: for {@code --local} and self-tests. */
  public static SqliteRunJournal inMemory(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    requireArguments(limits, encoder, time);
    SqliteFailures failures = new SqliteFailures("in-memory run journal", Duration.ZERO);
    return migrated(JournalFile.inMemory(failures), limits, encoder, time, failures, false);
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
          bounds.expire();
          AnswerClaim claim = answers.claim(key, worker, at);
          bounds.shrink();
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
          answers.keep(key, json, bytes, at);
          bounds.prune();
          return null;
        });
  }

  @Override
  public void release(RequestKey key) {
    requireNonNull(key, "key is null");
    write(
        "releasing a claim",
        () -> {
          answers.delete(key);
          bounds.prune();
          return null;
        });
  }

  @Override
  public List<PendingRequest> unanswered(String worker) {
    requireNonNull(worker, "worker is null");
    return read("reading claims", () -> answers.unanswered(worker));
  }

  @Override
  public boolean insertRun(RunEntry run) {
    requireNonNull(run, "run is null");
    return write(
        "recording a run",
        () -> {
          boolean inserted = runs.insert(run);
          bounds.prune();
          return inserted;
        });
  }

  @Override
  public void updateRun(RunEntry run) {
    requireNonNull(run, "run is null");
    write(
        "updating a run",
        () -> {
          runs.update(run);
          bounds.prune();
          return null;
        });
  }

  @Override
  public Optional<RunEntry> findRun(String owner, String runId) {
    requireNonNull(owner, "owner is null");
    requireNonNull(runId, "runId is null");
    return read("reading a run", () -> runs.find(owner, runId));
  }

  @Override
  public List<RunEntry> listRuns(String owner, int max) {
    requireNonNull(owner, "owner is null");
    if (max <= 0) {
      return List.of();
    }
    return read("listing runs", () -> runs.list(owner, max));
  }

  @Override
  public List<RunEntry> runningRuns(String worker) {
    requireNonNull(worker, "worker is null");
    return read("listing running runs", () -> runs.running(worker));
  }

  @Override
  public JournalUsage usage() {
    return read("reading usage", bounds::usage);
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

  // ---- transactions --------------------------------------------------------------------------

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

  // ---- opening -------------------------------------------------------------------------------

  private static void requireArguments(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time) {
    requireNonNull(limits, "limits is null");
    requireNonNull(encoder, "encoder is null");
    requireNonNull(time, "time is null");
  }

  /** The journal over {@code connection} once its schema is up to date; closes it on failure. */
  private static SqliteRunJournal migrated(
      Connection connection,
      JournalLimits limits,
      Function<Object, String> encoder,
      TimeSource time,
      SqliteFailures failures,
      boolean durable) {
    try {
      Schema.migrate(connection, failures);
      SqliteRunJournal journal = new SqliteRunJournal(connection, limits, encoder, time, failures);
      JournalUsage usage = journal.bounds.usage();
      // A journal in memory starts empty every time; its opening is no news.
      LOG.atLevel(durable ? Level.INFO : Level.DEBUG)
          .log(
              "{} open: schema version {}, {} runs ({} bytes), {} answers and claims ({} bytes)",
              failures.subject(),
              Schema.LATEST,
              usage.runs(),
              usage.runBytes(),
              usage.answers(),
              usage.answerBytes());
      return journal;
    } catch (SQLException e) {
      JournalFile.closeQuietly(connection);
      throw failures.translate(e, "opening it");
    } catch (RuntimeException e) {
      JournalFile.closeQuietly(connection);
      throw e;
    }
  }
}
