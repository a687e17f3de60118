package com.busdk.upcloud.testkit.journal;

import static com.busdk.upcloud.testkit.journal.JournalSamples.answerBytes;
import static com.busdk.upcloud.testkit.journal.JournalSamples.finishedRun;
import static com.busdk.upcloud.testkit.journal.JournalSamples.limits;
import static com.busdk.upcloud.testkit.journal.JournalSamples.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.JournalUsage;
import com.busdk.upcloud.ports.RunJournal.PendingRequest;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link RunJournalContract}: what is kept within the count, byte and age bounds, what is
 * counted, and a closed journal.
 */
public interface BoundsContract extends JournalFixture {

  @Test
  default void finishedRunsBeyondTheCountAreDroppedOldestFinishedFirst() {
    RunJournal journal = journal(limits(3, 16L << 20, Duration.ofDays(1), 100, 16L << 20));
    Instant t0 = time().now();
    RunEntry finishedLast = finishedRun("owner-a", "run-1", t0, t0.plusSeconds(30));
    RunEntry finishedFirst = finishedRun("owner-a", "run-2", t0.plusSeconds(1), t0.plusSeconds(2));
    RunEntry running = started("owner-a", "run-3", "worker-a", t0.plusSeconds(3));
    journal.insertRun(finishedLast);
    journal.insertRun(finishedFirst);
    journal.insertRun(running);

    journal.insertRun(finishedRun("owner-a", "run-4", t0.plusSeconds(4), t0.plusSeconds(40)));

    assertTrue(journal.findRun("owner-a", "run-2").isEmpty(), "the first to finish goes first");
    assertTrue(journal.findRun("owner-a", "run-1").isPresent());
    assertTrue(journal.findRun("owner-a", "run-3").isPresent());
    assertTrue(journal.findRun("owner-a", "run-4").isPresent());
    assertEquals(3, journal.usage().runs());
  }

  @Test
  default void finishedRunsBeyondTheByteBoundAreDroppedOldestFirst() {
    Instant t0 = time().now();
    RunEntry first = finishedRun("owner-a", "run-1", t0, t0.plusSeconds(1));
    RunEntry second = finishedRun("owner-a", "run-2", t0, t0.plusSeconds(2));
    RunEntry third = finishedRun("owner-a", "run-3", t0, t0.plusSeconds(3));
    long bound = second.approximateBytes() + third.approximateBytes();
    RunJournal journal = journal(limits(100, bound, Duration.ofDays(1), 100, 16L << 20));
    journal.insertRun(first);
    journal.insertRun(second);
    assertEquals(2, journal.usage().runs(), "still within the bound");

    journal.insertRun(third);

    assertTrue(journal.findRun("owner-a", "run-1").isEmpty());
    assertEquals(List.of(third, second), journal.listRuns("owner-a", 10));
    assertEquals(bound, journal.usage().runBytes());
  }

  @Test
  default void finishedRunsOlderThanTheirTimeToLiveAreDroppedAtTheNextWrite() {
    RunJournal journal = journal(limits(100, 16L << 20, Duration.ofHours(1), 100, 16L << 20));
    Instant t0 = time().now();
    journal.insertRun(finishedRun("owner-a", "old", t0, t0.plusSeconds(60)));
    journal.insertRun(finishedRun("owner-a", "young", t0, t0.plusSeconds(1800)));

    time().advance(Duration.ofMinutes(61).plusSeconds(1));
    journal.insertRun(started("owner-b", "run-1", "worker-a", time().now()));

    assertTrue(journal.findRun("owner-a", "old").isEmpty(), "finished over an hour ago");
    assertTrue(journal.findRun("owner-a", "young").isPresent(), "finished 31 minutes ago");
  }

  @Test
  default void runsInFlightAreNeverDropped() {
    RunJournal journal = journal(limits(2, 1, Duration.ofMinutes(1), 100, 16L << 20));
    Instant t0 = time().now();
    for (int i = 0; i < 4; i++) {
      journal.insertRun(started("owner-a", "run-" + i, "worker-a", t0.plusSeconds(i)));
    }
    time().advance(Duration.ofDays(30));
    journal.insertRun(finishedRun("owner-a", "done", time().now(), time().now()));

    assertEquals(4, journal.runningRuns("worker-a").size(), "over every bound, yet in flight");
    assertTrue(journal.findRun("owner-a", "done").isEmpty(), "the finished one made way");
    assertEquals(4, journal.usage().runs());
  }

  @Test
  default void answersBeyondTheCountAreDroppedOldestFirstButOpenClaimsStay() {
    RunJournal journal = journal(limits(100, 16L << 20, Duration.ofDays(1), 3, 16L << 20));
    RequestKey open = new RequestKey("bus.containers.run.request", "open");
    RequestKey first = new RequestKey("bus.vm.start.request", "a-1");
    journal.claim(open, "worker-a", time().now());
    for (int i = 1; i <= 3; i++) {
      RequestKey key = new RequestKey("bus.vm.start.request", "a-" + i);
      journal.claim(key, "worker-a", time().now());
      journal.answered(key, "ok-" + i, time().now());
      time().advance(Duration.ofSeconds(1));
    }

    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(first, "worker-a", time().now()),
        "the oldest answer made way");
    assertInstanceOf(
        AnswerClaim.Answered.class,
        journal.claim(new RequestKey("bus.vm.start.request", "a-3"), "worker-a", time().now()));
    assertEquals(List.of(open, first), keys(journal.unanswered("worker-a")));
    assertEquals(3, journal.usage().answers());
  }

  @Test
  default void answersBeyondTheByteBoundAreDroppedOldestFirst() {
    RequestKey first = new RequestKey("bus.vm.start.request", "a-1");
    RequestKey second = new RequestKey("bus.vm.start.request", "a-2");
    RequestKey third = new RequestKey("bus.vm.start.request", "a-3");
    long bound = answerBytes(second, "ok") + answerBytes(third, "ok");
    RunJournal journal = journal(limits(100, 16L << 20, Duration.ofDays(1), 100, bound));
    for (RequestKey key : List.of(first, second, third)) {
      journal.claim(key, "worker-a", time().now());
      journal.answered(key, "ok", time().now());
      time().advance(Duration.ofSeconds(1));
    }

    assertEquals(new JournalUsage(0, 0, 2, bound), journal.usage());
    assertInstanceOf(AnswerClaim.Answered.class, journal.claim(second, "worker-a", time().now()));
    assertInstanceOf(AnswerClaim.Answered.class, journal.claim(third, "worker-a", time().now()));
  }

  @Test
  default void answersOlderThanTheirTimeToLiveAreForgotten() {
    RunJournal journal = journal(JournalSamples.ROOMY);
    journal.claim(RUN_REQUEST, "worker-a", time().now());
    journal.answered(RUN_REQUEST, "accepted", time().now());
    RequestKey open = new RequestKey("bus.vm.stop.request", "open");
    journal.claim(open, "worker-a", time().now());

    time().advance(JournalSamples.ROOMY.answerTtl().plusSeconds(1));

    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(RUN_REQUEST, "worker-b", time().now()),
        "an expired answer is not replayed");
    assertEquals(
        new AnswerClaim.Running(
            "worker-a", time().now().minus(JournalSamples.ROOMY.answerTtl().plusSeconds(1))),
        journal.claim(open, "worker-b", time().now()),
        "a claim without an answer never expires");
  }

  @Test
  default void usageCountsEverythingKeptInBytes() {
    RunJournal journal = journal();
    assertEquals(new JournalUsage(0, 0, 0, 0), journal.usage());
    RunEntry run = started("owner-a", "run-1", "worker-a", time().now());
    journal.insertRun(run);
    journal.claim(RUN_REQUEST, "worker-a", time().now());
    journal.claim(DELETE_REQUEST, "worker-a", time().now());
    journal.answered(DELETE_REQUEST, "deleted ✓", time().now());

    assertEquals(
        new JournalUsage(
            1,
            run.approximateBytes(),
            2,
            RUN_REQUEST.approximateBytes() + answerBytes(DELETE_REQUEST, "deleted ✓")),
        journal.usage());

    journal.release(DELETE_REQUEST);
    assertEquals(
        new JournalUsage(1, run.approximateBytes(), 1, RUN_REQUEST.approximateBytes()),
        journal.usage());
  }

  @Test
  default void aClosedJournalRefusesWork() {
    RunJournal journal = journal();
    journal.close();
    journal.close();

    assertThrows(JournalException.class, () -> journal.claim(RUN_REQUEST, "w", time().now()));
    assertThrows(JournalException.class, () -> journal.findRun("owner-a", "run-1"));
    assertThrows(JournalException.class, journal::usage);
  }

  private static List<RequestKey> keys(List<PendingRequest> pending) {
    return pending.stream().map(PendingRequest::key).toList();
  }
}
