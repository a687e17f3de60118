package com.busdk.upcloud.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RawJson;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal.JournalUsage;
import com.busdk.upcloud.ports.RunJournal.PendingRequest;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.testkit.FakeTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite journal promises: durability, WAL, migration and its failure modes. */
@Timeout(60)
class SqliteRunJournalTest {
  private static final JournalLimits LIMITS = JournalLimits.durableDefaults();
  private static final RequestKey KEY = new RequestKey("bus.containers.run.request", "c-1");

  @TempDir Path dir;
  private final FakeTime time = new FakeTime();

  private Path file() {
    return dir.resolve("journal.db");
  }

  private SqliteRunJournal open(Path file) {
    return SqliteRunJournal.open(file, LIMITS, SqliteRunJournalTest::encode, time);
  }

  @Test
  void whatIsRecordedSurvivesCloseAndReopen() {
    RunEntry run = started("owner-a", "run-1");
    RequestKey open = new RequestKey("bus.vm.start.request", "s-1");
    JournalUsage before;
    try (SqliteRunJournal journal = open(file())) {
      journal.insertRun(run);
      journal.claim(KEY, "worker-a", time.now());
      journal.answered(KEY, "accepted", time.now());
      journal.claim(open, "worker-a", time.now());
      before = journal.usage();
    }

    try (SqliteRunJournal journal = open(file())) {
      assertEquals(run, journal.findRun("owner-a", "run-1").orElseThrow());
      assertEquals(List.of(run), journal.runningRuns("worker-a"));
      assertEquals(List.of(new PendingRequest(open, time.now())), journal.unanswered("worker-a"));
      assertEquals(
          new AnswerClaim.Answered(new RawJson("{\"v\":\"accepted\"}")),
          journal.claim(KEY, "worker-b", time.now()));
      assertEquals(before, journal.usage());
    }
  }

  @Test
  void theFileIsInWriteAheadLogMode() throws SQLException {
    try (SqliteRunJournal journal = open(file());
        Connection raw = connect(file())) {
      journal.insertRun(started("owner-a", "run-1"));

      assertEquals("wal", queryString(raw, "PRAGMA journal_mode"));
      assertTrue(Files.exists(dir.resolve("journal.db-wal")), "writes go to the WAL first");
    }
  }

  @Test
  void aNewFileIsCreatedAtTheCurrentSchemaVersion() throws SQLException {
    open(file()).close();

    try (Connection raw = connect(file())) {
      assertEquals(Schema.LATEST, queryInt(raw, "PRAGMA user_version"));
      assertEquals(
          List.of("answers", "runs", "totals"),
          queryStrings(raw, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"));
    }
  }

  @Test
  void anEmptyFileIsMigratedToTheCurrentVersion() throws IOException, SQLException {
    Files.createFile(file());

    try (SqliteRunJournal journal = open(file())) {
      assertTrue(journal.insertRun(started("owner-a", "run-1")));
    }
    try (Connection raw = connect(file())) {
      assertEquals(Schema.LATEST, queryInt(raw, "PRAGMA user_version"));
    }
  }

  @Test
  void aFileFromANewerWorkerIsRefusedAndLeftAsItIs() throws Exception {
    try (Connection raw = connect(file());
        Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE runs (owner TEXT)");
      s.execute("PRAGMA user_version = " + (Schema.LATEST + 1));
    }
    byte[] before = Files.readAllBytes(file());

    JournalException e = assertThrows(JournalException.class, () -> open(file()));

    assertTrue(e.isConfiguration());
    assertOneLineNaming(e, file());
    assertTrue(e.getMessage().contains("schema version " + (Schema.LATEST + 1)), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file()));
    assertFalse(Files.exists(dir.resolve("journal.db-wal")));
  }

  @Test
  void aDatabaseWithoutAJournalSchemaIsRefusedAndLeftAsItIs() throws Exception {
    try (Connection raw = connect(file());
        Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE something_else (x TEXT)");
    }
    byte[] before = Files.readAllBytes(file());

    JournalException e = assertThrows(JournalException.class, () -> open(file()));

    assertTrue(e.isConfiguration());
    assertOneLineNaming(e, file());
    assertTrue(e.getMessage().contains("not a run journal"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file()));
  }

  @Test
  void aCorruptFileIsRefusedAndLeftByteForByte() throws IOException {
    byte[] garbage = new byte[8192];
    new Random(42).nextBytes(garbage);
    Files.write(file(), garbage);

    JournalException e = assertThrows(JournalException.class, () -> open(file()));

    assertTrue(e.isConfiguration());
    assertOneLineNaming(e, file());
    assertTrue(e.getMessage().contains("not a usable SQLite database"), e.getMessage());
    assertArrayEquals(garbage, Files.readAllBytes(file()));
    assertFalse(Files.exists(dir.resolve("journal.db-wal")));
  }

  @Test
  void aMissingStateDirectoryIsRefusedNotCreated() {
    Path missing = dir.resolve("missing");

    JournalException e =
        assertThrows(JournalException.class, () -> open(missing.resolve("journal.db")));

    assertTrue(e.isConfiguration());
    assertOneLineNaming(e, missing);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aStateDirectoryThatIsAFileIsRefused() throws IOException {
    Path notADirectory = Files.createFile(dir.resolve("state"));

    JournalException e =
        assertThrows(JournalException.class, () -> open(notADirectory.resolve("journal.db")));

    assertTrue(e.isConfiguration());
    assertOneLineNaming(e, notADirectory);
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  void aJournalPathThatIsADirectoryIsRefused() throws IOException {
    Path directory = Files.createDirectory(file());

    JournalException e = assertThrows(JournalException.class, () -> open(directory));

    assertTrue(e.isConfiguration());
    assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
  }

  @Test
  void anUnwritableStateDirectoryIsRefused() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(readOnly), "this user writes regardless of permissions");

      JournalException e =
          assertThrows(JournalException.class, () -> open(readOnly.resolve("journal.db")));

      assertTrue(e.isConfiguration());
      assertOneLineNaming(e, readOnly);
      assertTrue(e.getMessage().contains("is not writable"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void anUnwritableJournalFileIsRefused() throws IOException {
    open(file()).close();
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("r--r--r--"));
    assumeFalse(Files.isWritable(file()), "this user writes regardless of permissions");

    JournalException e = assertThrows(JournalException.class, () -> open(file()));

    assertTrue(e.isConfiguration());
    assertOneLineNaming(e, file());
    assertTrue(e.getMessage().contains("is not writable"), e.getMessage());
  }

  @Test
  void aPathTheDriverWouldReadAsOptionsIsRefused() {
    JournalException e =
        assertThrows(JournalException.class, () -> open(dir.resolve("journal.db?mode=ro")));

    assertTrue(e.isConfiguration());
    assertFalse(Files.exists(dir.resolve("journal.db")));
  }

  @Test
  void twoJournalsOnOneFileTakeEachRequestOnce() throws Exception {
    int perJournal = 3;
    try (SqliteRunJournal first = open(file());
        SqliteRunJournal second = open(file())) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * perJournal);
      try {
        for (int k = 0; k < 20; k++) {
          RequestKey key = new RequestKey("bus.containers.run.request", "c-" + k);
          CountDownLatch go = new CountDownLatch(1);
          List<Future<AnswerClaim>> claims = new ArrayList<>();
          for (int i = 0; i < 2 * perJournal; i++) {
            SqliteRunJournal journal = i % 2 == 0 ? first : second;
            String worker = "worker-" + i;
            claims.add(
                pool.submit(
                    () -> {
                      go.await();
                      return journal.claim(key, worker, time.now());
                    }));
          }
          go.countDown();
          int fresh = 0;
          for (Future<AnswerClaim> claim : claims) {
            if (claim.get(30, TimeUnit.SECONDS) instanceof AnswerClaim.Fresh) {
              fresh++;
            }
          }
          assertEquals(1, fresh, "claims of " + key);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(20, first.usage().answers());
      assertEquals(20, second.usage().answers());
    }
  }

  @Test
  void twoJournalsCreatingOneFileAtOnceBothOpenIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<SqliteRunJournal> journals = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<SqliteRunJournal>> opening = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        opening.add(
            pool.submit(
                () -> {
                  go.await();
                  return open(file());
                }));
      }
      go.countDown();
      for (Future<SqliteRunJournal> journal : opening) {
        journals.add(journal.get(30, TimeUnit.SECONDS));
      }

      assertTrue(journals.get(0).insertRun(started("owner-a", "run-1")));
      assertFalse(journals.get(1).insertRun(started("owner-a", "run-1")), "one schema, one file");
    } finally {
      journals.forEach(SqliteRunJournal::close);
      pool.shutdownNow();
    }
  }

  @Test
  void aLockHeldBeyondTheBusyTimeoutFailsTheWriteAndKeepsWhatIsRecorded() throws SQLException {
    try (SqliteRunJournal journal =
            SqliteRunJournal.open(
                file(), LIMITS, SqliteRunJournalTest::encode, time, Duration.ofMillis(200));
        Connection other = connect(file());
        Statement s = other.createStatement()) {
      RunEntry kept = started("owner-a", "run-1");
      journal.insertRun(kept);
      s.execute("BEGIN EXCLUSIVE");

      JournalException e =
          assertThrows(
              JournalException.class, () -> journal.insertRun(started("owner-a", "run-2")));

      assertFalse(e.isConfiguration(), "a lock passes; an operator need not change anything");
      assertOneLineNaming(e, file());
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
      s.execute("ROLLBACK");
      assertEquals(List.of(kept), journal.listRuns("owner-a", 10));
      assertTrue(journal.insertRun(started("owner-a", "run-2")), "works once the lock is gone");
    }
  }

  @Test
  void listingAnOwnersRunsReadsItsIndexWithoutSortingOrScanning() throws SQLException {
    open(file()).close();

    try (Connection raw = connect(file());
        PreparedStatement explain =
            raw.prepareStatement("EXPLAIN QUERY PLAN " + RunTable.LIST_RUNS)) {
      explain.setString(1, "owner-a");
      explain.setInt(2, 10);
      List<String> steps = new ArrayList<>();
      try (ResultSet rs = explain.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString("detail"));
        }
      }
      String plan = String.join("\n", steps);

      assertTrue(plan.contains("USING INDEX runs_by_owner"), plan);
      assertFalse(plan.contains("TEMP B-TREE"), plan);
      assertFalse(plan.contains("SCAN"), plan);
    }
  }

  @Test
  void anAnswerGivenAsJsonIsKeptAsItIs() {
    try (SqliteRunJournal journal =
        SqliteRunJournal.open(
            file(),
            LIMITS,
            payload -> {
              throw new AssertionError("JSON is not encoded again");
            },
            time)) {
      journal.answered(KEY, new RawJson("{\"accepted\":true}"), time.now());

      assertEquals(
          new AnswerClaim.Answered(new RawJson("{\"accepted\":true}")),
          journal.claim(KEY, "worker-a", time.now()));
    }
  }

  @Test
  void inMemoryJournalsShareNothing() {
    try (SqliteRunJournal first =
            SqliteRunJournal.inMemory(LIMITS, SqliteRunJournalTest::encode, time);
        SqliteRunJournal second =
            SqliteRunJournal.inMemory(LIMITS, SqliteRunJournalTest::encode, time)) {
      first.insertRun(started("owner-a", "run-1"));

      assertTrue(second.findRun("owner-a", "run-1").isEmpty());
      assertEquals(new AnswerClaim.Fresh(), second.claim(KEY, "worker-a", time.now()));
      assertEquals(
          new AnswerClaim.Running("worker-a", time.now()), second.claim(KEY, "w", time.now()));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String encode(Object payload) {
    return "{\"v\":\"" + payload + "\"}";
  }

  private RunEntry started(String owner, String runId) {
    return RunEntry.started(
        new RunEntry.Key(owner, runId),
        new RunEntry.Launch(
            "corr-" + runId,
            "worker-a",
            "alpine:3",
            List.of("true"),
            "runner-1",
            "bus-" + runId,
            time.now()));
  }

  private static void assertOneLineNaming(JournalException e, Path path) {
    String message = e.getMessage();
    assertTrue(message.contains(path.toAbsolutePath().normalize().toString()), message);
    assertFalse(message.contains("\n"), message);
    assertFalse(message.contains("\tat "), message);
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static String queryString(Connection c, String sql) throws SQLException {
    return queryStrings(c, sql).get(0);
  }

  private static int queryInt(Connection c, String sql) throws SQLException {
    return Integer.parseInt(queryString(c, sql));
  }

  private static List<String> queryStrings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
