package com.busdk.upcloud.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.JournalException;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqliteFailuresTest {
  private final SqliteFailures failures =
      new SqliteFailures("run journal /var/lib/bus/journal.db", Duration.ofSeconds(5));

  @Test
  void aFullDiskIsARuntimeFailureThatSaysNothingWasRecorded() {
    SQLException cause =
        new SQLException(
            "[SQLITE_FULL] Insertion failed because database is full (database or disk is full)",
            null,
            SqliteFailures.FULL);

    JournalException e = failures.translate(cause, "recording a run");

    assertFalse(e.isConfiguration());
    assertEquals(
        "run journal /var/lib/bus/journal.db: the disk is full; recording a run was not recorded",
        e.getMessage());
    assertSame(cause, e.getCause());
  }

  @Test
  void aLockHeldTooLongIsARuntimeFailureNamingTheTimeout() {
    for (int code : new int[] {SqliteFailures.BUSY, SqliteFailures.LOCKED}) {
      JournalException e =
          failures.translate(new SQLException("locked", null, code), "claiming a request");

      assertFalse(e.isConfiguration());
      assertTrue(
          e.getMessage().contains("locked by another process for over 5000 ms"), e.getMessage());
    }
  }

  @Test
  void aDamagedFileIsAConfigurationFailureThatLeavesItAlone() {
    for (int code : new int[] {SqliteFailures.CORRUPT, SqliteFailures.NOTADB}) {
      JournalException e =
          failures.translate(
              new SQLException(
                  "[SQLITE_NOTADB] File opened that is not a database file (file is not a\n"
                      + "database)",
                  null,
                  code),
              "opening it");

      assertTrue(e.isConfiguration());
      assertEquals(
          "run journal /var/lib/bus/journal.db is not a usable SQLite database (file is not a"
              + " database); it was left as it is: restore it or move it aside",
          e.getMessage());
    }
  }

  @Test
  void anUnwritableFileIsAConfigurationFailure() {
    for (int code :
        new int[] {SqliteFailures.READONLY, SqliteFailures.PERM, SqliteFailures.CANTOPEN}) {
      JournalException e =
          failures.translate(new SQLException("read only", null, code), "keeping an answer");

      assertTrue(e.isConfiguration());
      assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
    }
  }

  @Test
  void extendedResultCodesMapByTheirPrimaryCode() {
    int ioErrShortRead = SqliteFailures.IOERR | (2 << 8);

    JournalException e =
        failures.translate(new SQLException("short read", null, ioErrShortRead), "reading");

    assertFalse(e.isConfiguration());
    assertTrue(e.getMessage().contains("I/O error while reading"), e.getMessage());
  }

  @Test
  void anythingElseIsARuntimeFailureOnOneLine() {
    JournalException e =
        failures.translate(new SQLException("something\nodd   happened"), "listing runs");

    assertFalse(e.isConfiguration());
    assertEquals(
        "run journal /var/lib/bus/journal.db: listing runs failed (something odd happened)",
        e.getMessage());
  }
}
