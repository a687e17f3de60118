package com.busdk.upcloud.testkit.journal;

import static com.busdk.upcloud.testkit.journal.JournalSamples.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.JournalUsage;
import com.busdk.upcloud.ports.RunOutput;
import com.busdk.upcloud.ports.RunState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Part of {@link RunJournalContract}: recording, finding, listing and updating runs. */
public interface RunsContract extends JournalFixture {

  @Test
  default void everyFieldOfARunIsKeptAsGiven() {
    RunJournal journal = journal();
    RunEntry finished =
        new RunEntry(
            new RunEntry.Key("identity-ä", "run-1"),
            new RunEntry.Launch(
                "corr-1",
                "worker-a",
                "docker.io/library/alpine:3",
                List.of("sh", "-c", "echo \"quoted\" \\ back\nslash\ttab \u0001 ✓", ""),
                "runner-1",
                "bus-run-1",
                Instant.parse("2026-01-01T00:00:00.123456789Z")),
            RunState.COMPLETED,
            new RunEntry.Outcome(
                -3, "why it ended", Instant.parse("2026-01-01T00:00:01.000000001Z")),
            new RunOutput("out ✓\nline", true, "err", false));
    RunEntry running = started("identity-b", "run-2", "worker-a", time().now());

    assertTrue(journal.insertRun(finished));
    assertTrue(journal.insertRun(running));

    assertEquals(finished, journal.findRun("identity-ä", "run-1").orElseThrow());
    assertEquals(running, journal.findRun("identity-b", "run-2").orElseThrow());
  }

  @Test
  default void aRunIdIsUniquePerOwnerOnly() {
    RunJournal journal = journal();
    RunEntry original = started("owner-a", "run-1", "worker-a", time().now());
    RunEntry clash = started("owner-a", "run-1", "worker-b", time().now().plusSeconds(1));
    RunEntry otherOwner = started("owner-b", "run-1", "worker-a", time().now());

    assertTrue(journal.insertRun(original));
    assertFalse(journal.insertRun(clash), "the owner already has run-1");
    assertTrue(journal.insertRun(otherOwner), "another owner may use the same id");

    assertEquals(original, journal.findRun("owner-a", "run-1").orElseThrow(), "nothing replaced");
    assertEquals(otherOwner, journal.findRun("owner-b", "run-1").orElseThrow());
    assertEquals(2, journal.usage().runs());
  }

  @Test
  default void aRunIsFoundOnlyByItsOwner() {
    RunJournal journal = journal();
    journal.insertRun(started("owner-a", "run-1", "worker-a", time().now()));

    assertTrue(journal.findRun("owner-a", "run-1").isPresent());
    assertTrue(journal.findRun("owner-b", "run-1").isEmpty());
    assertTrue(journal.findRun("owner-a", "run-2").isEmpty());
    assertEquals(List.of(), journal.listRuns("owner-b", 10));
  }

  @Test
  default void listRunsIsTheOwnersNewestFirstAndAtMostMax() {
    RunJournal journal = journal();
    Instant t0 = time().now();
    RunEntry oldest = started("owner-a", "run-1", "worker-a", t0);
    RunEntry middle = started("owner-a", "run-2", "worker-a", t0.plusSeconds(10));
    RunEntry sameStartLaterRecorded = started("owner-a", "run-3", "worker-b", t0.plusSeconds(10));
    RunEntry newest = started("owner-a", "run-4", "worker-a", t0.plusSeconds(20));
    journal.insertRun(newest);
    journal.insertRun(oldest);
    journal.insertRun(middle);
    journal.insertRun(sameStartLaterRecorded);
    journal.insertRun(started("owner-b", "run-9", "worker-a", t0.plusSeconds(30)));

    assertEquals(
        List.of(newest, sameStartLaterRecorded, middle, oldest), journal.listRuns("owner-a", 10));
    assertEquals(List.of(newest, sameStartLaterRecorded), journal.listRuns("owner-a", 2));
    assertEquals(List.of(), journal.listRuns("owner-a", 0));
  }

  @Test
  default void updateRunReplacesTheRecordedRunAndIgnoresUnknownOnes() {
    RunJournal journal = journal();
    RunEntry run = started("owner-a", "run-1", "worker-a", time().now());
    journal.insertRun(run);
    RunEntry done =
        run.finished(
            RunState.COMPLETED,
            time().now().plusSeconds(5),
            0,
            new RunOutput("hello\n", false, "", false),
            null);

    journal.updateRun(done);
    journal.updateRun(started("owner-b", "run-1", "worker-a", time().now()));

    assertEquals(done, journal.findRun("owner-a", "run-1").orElseThrow());
    assertTrue(journal.findRun("owner-b", "run-1").isEmpty(), "an update records nothing new");
    assertEquals(
        new JournalUsage(1, done.approximateBytes(), 0, 0),
        journal.usage(),
        "the bytes follow the new state");
  }

  @Test
  default void runningRunsListsOnlyThatWorkersRunsInFlightOldestFirst() {
    RunJournal journal = journal();
    Instant t0 = time().now();
    RunEntry second = started("owner-b", "run-2", "worker-a", t0.plusSeconds(1));
    RunEntry first = started("owner-a", "run-1", "worker-a", t0);
    RunEntry finished =
        started("owner-a", "run-3", "worker-a", t0)
            .finished(RunState.FAILED, t0.plusSeconds(2), null, null, "runner gone");
    journal.insertRun(second);
    journal.insertRun(first);
    journal.insertRun(finished);
    journal.insertRun(started("owner-a", "run-4", "worker-b", t0));

    assertEquals(List.of(first, second), journal.runningRuns("worker-a"));
    assertEquals(List.of(), journal.runningRuns("worker-c"));
  }
}
