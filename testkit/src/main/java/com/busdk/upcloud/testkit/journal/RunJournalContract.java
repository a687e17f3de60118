package com.busdk.upcloud.testkit.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.JournalLimits;
import com.busdk.upcloud.ports.RunEntry;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.JournalUsage;
import com.busdk.upcloud.ports.RunJournal.PendingRequest;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.ports.RunState;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.FakeTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link RunJournal} must show, run against {@link InMemoryRunJournal} and
 * against the SQLite journal, in a file and in memory. Subclasses open journals; the contract
 * closes them. Time is a {@link FakeTime} that the journal ages its entries by and that the tests
 * move on.
 */
@Timeout(60)
public abstract class RunJournalContract {
  /** Generous bounds, for tests that are not about bounds. */
  protected static final JournalLimits ROOMY =
      new JournalLimits(
          1_000, 16L << 20, Duration.ofDays(1), 1_000, 16L << 20, Duration.ofHours(2));

  /** The answers' JSON as the contract's encoder writes it; payloads are plain strings. */
  protected static final Function<Object, String> ENCODER =
      payload -> "{\"answer\":\"" + payload + "\"}";

  private static final RequestKey RUN_REQUEST = new RequestKey("bus.containers.run.request", "c-1");
  private static final RequestKey DELETE_REQUEST =
      new RequestKey("bus.containers.delete.request", "c-2");

  protected final FakeTime time = new FakeTime();
  private final List<RunJournal> opened = new ArrayList<>();

  /**
   * A new journal with these bounds, measuring answers with {@code encoder}, aged by {@code time}.
   */
  protected abstract RunJournal open(
      JournalLimits limits, Function<Object, String> encoder, TimeSource time);

  /**
   * What {@link AnswerClaim.Answered#payload()} holds for an answer given as {@code payload} and
   * encoded as {@code json}: the payload itself, or its JSON text as a durable journal keeps it.
   */
  protected abstract Object kept(Object payload, String json);

  protected final RunJournal journal(JournalLimits limits) {
    RunJournal journal = open(limits, ENCODER, time);
    opened.add(journal);
    return journal;
  }

  protected final RunJournal journal() {
    return journal(ROOMY);
  }

  @AfterEach
  final void closeJournals() {
    opened.forEach(RunJournal::close);
  }

  // ---- claims and answers --------------------------------------------------------------------

  @Test
  public void aFirstClaimIsFreshAndALaterOneSeesWhoRunsIt() {
    RunJournal journal = journal();
    Instant claimedAt = time.now();

    assertEquals(new AnswerClaim.Fresh(), journal.claim(RUN_REQUEST, "worker-a", claimedAt));
    time.advance(Duration.ofSeconds(3));

    assertEquals(
        new AnswerClaim.Running("worker-a", claimedAt),
        journal.claim(RUN_REQUEST, "worker-b", time.now()));
    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(DELETE_REQUEST, "worker-b", time.now()),
        "another request is claimed on its own");
  }

  @Test
  public void anAnsweredRequestIsClaimedAsItsKeptAnswer() {
    RunJournal journal = journal();
    journal.claim(RUN_REQUEST, "worker-a", time.now());
    journal.answered(RUN_REQUEST, "accepted", time.now());

    AnswerClaim again = journal.claim(RUN_REQUEST, "worker-b", time.now());

    assertEquals(
        new AnswerClaim.Answered(kept("accepted", ENCODER.apply("accepted"))),
        again,
        "a redelivery is answered again, not executed");
  }

  @Test
  public void aLaterAnswerReplacesTheKeptOne() {
    RunJournal journal = journal();
    journal.claim(RUN_REQUEST, "worker-a", time.now());
    journal.answered(RUN_REQUEST, "first", time.now());
    journal.answered(RUN_REQUEST, "second", time.now());

    assertEquals(
        new AnswerClaim.Answered(kept("second", ENCODER.apply("second"))),
        journal.claim(RUN_REQUEST, "worker-a", time.now()));
    assertEquals(1, journal.usage().answers());
  }

  @Test
  public void anAnswerToARequestNobodyClaimedIsKept() {
    RunJournal journal = journal();
    journal.answered(RUN_REQUEST, "accepted", time.now());

    assertEquals(
        new AnswerClaim.Answered(kept("accepted", ENCODER.apply("accepted"))),
        journal.claim(RUN_REQUEST, "worker-a", time.now()));
  }

  @Test
  public void releasingAClaimLetsTheRequestBeExecutedAgain() {
    RunJournal journal = journal();
    journal.claim(RUN_REQUEST, "worker-a", time.now());
    journal.release(RUN_REQUEST);
    assertEquals(new AnswerClaim.Fresh(), journal.claim(RUN_REQUEST, "worker-b", time.now()));

    journal.answered(RUN_REQUEST, "accepted", time.now());
    journal.release(RUN_REQUEST);
    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(RUN_REQUEST, "worker-b", time.now()),
        "a release forgets the kept answer too");

    journal.release(new RequestKey("bus.vm.start.request", "never-claimed"));
  }

  @Test
  public void unansweredListsOnlyThatWorkersOpenClaimsOldestFirst() {
    RunJournal journal = journal();
    RequestKey first = new RequestKey("bus.vm.start.request", "s-1");
    RequestKey second = new RequestKey("bus.vm.stop.request", "s-2");
    RequestKey answered = new RequestKey("bus.vm.stop.request", "s-3");
    Instant firstAt = time.now();
    journal.claim(first, "worker-a", firstAt);
    time.advance(Duration.ofSeconds(1));
    Instant secondAt = time.now();
    journal.claim(second, "worker-a", secondAt);
    journal.claim(answered, "worker-a", secondAt);
    journal.answered(answered, "done", secondAt);
    journal.claim(RUN_REQUEST, "worker-b", secondAt);

    assertEquals(
        List.of(new PendingRequest(first, firstAt), new PendingRequest(second, secondAt)),
        journal.unanswered("worker-a"));
    assertEquals(
        List.of(new PendingRequest(RUN_REQUEST, secondAt)), journal.unanswered("worker-b"));
    assertEquals(List.of(), journal.unanswered("worker-c"));
  }

  @Test
  public void concurrentClaimsOfOneRequestTakeItOnce() throws Exception {
    RunJournal journal = journal();
    int threads = 8;
    List<AnswerClaim> claims = claimTogether(threads, i -> journal, RUN_REQUEST);

    assertEquals(
        1, claims.stream().filter(AnswerClaim.Fresh.class::isInstance).count(), "" + claims);
    assertEquals(
        threads - 1, claims.stream().filter(AnswerClaim.Running.class::isInstance).count());
  }

  // ---- runs ----------------------------------------------------------------------------------

  @Test
  public void everyFieldOfARunIsKeptAsGiven() {
    RunJournal journal = journal();
    RunEntry finished =
        new RunEntry(
            "identity-ä",
            "run-1",
            "corr-1",
            "worker-a",
            "docker.io/library/alpine:3",
            List.of("sh", "-c", "echo \"quoted\" \\ back\nslash\ttab \u0001 ✓", ""),
            "runner-1",
            "bus-run-1",
            RunState.COMPLETED,
            -3,
            "out ✓\nline",
            true,
            "err",
            false,
            "why it ended",
            Instant.parse("2026-01-01T00:00:00.123456789Z"),
            Instant.parse("2026-01-01T00:00:01.000000001Z"));
    RunEntry running = started("identity-b", "run-2", "worker-a", time.now());

    assertTrue(journal.insertRun(finished));
    assertTrue(journal.insertRun(running));

    assertEquals(finished, journal.findRun("identity-ä", "run-1").orElseThrow());
    assertEquals(running, journal.findRun("identity-b", "run-2").orElseThrow());
  }

  @Test
  public void aRunIdIsUniquePerOwnerOnly() {
    RunJournal journal = journal();
    RunEntry original = started("owner-a", "run-1", "worker-a", time.now());
    RunEntry clash = started("owner-a", "run-1", "worker-b", time.now().plusSeconds(1));
    RunEntry otherOwner = started("owner-b", "run-1", "worker-a", time.now());

    assertTrue(journal.insertRun(original));
    assertFalse(journal.insertRun(clash), "the owner already has run-1");
    assertTrue(journal.insertRun(otherOwner), "another owner may use the same id");

    assertEquals(original, journal.findRun("owner-a", "run-1").orElseThrow(), "nothing replaced");
    assertEquals(otherOwner, journal.findRun("owner-b", "run-1").orElseThrow());
    assertEquals(2, journal.usage().runs());
  }

  @Test
  public void aRunIsFoundOnlyByItsOwner() {
    RunJournal journal = journal();
    journal.insertRun(started("owner-a", "run-1", "worker-a", time.now()));

    assertTrue(journal.findRun("owner-a", "run-1").isPresent());
    assertTrue(journal.findRun("owner-b", "run-1").isEmpty());
    assertTrue(journal.findRun("owner-a", "run-2").isEmpty());
    assertEquals(List.of(), journal.listRuns("owner-b", 10));
  }

  @Test
  public void listRunsIsTheOwnersNewestFirstAndAtMostMax() {
    RunJournal journal = journal();
    Instant t0 = time.now();
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
  public void updateRunReplacesTheRecordedRunAndIgnoresUnknownOnes() {
    RunJournal journal = journal();
    RunEntry run = started("owner-a", "run-1", "worker-a", time.now());
    journal.insertRun(run);
    RunEntry done =
        run.finished(
            RunState.COMPLETED,
            time.now().plusSeconds(5),
            0,
            new RunEntry.Output("hello\n", false, "", false),
            null);

    journal.updateRun(done);
    journal.updateRun(started("owner-b", "run-1", "worker-a", time.now()));

    assertEquals(done, journal.findRun("owner-a", "run-1").orElseThrow());
    assertTrue(journal.findRun("owner-b", "run-1").isEmpty(), "an update records nothing new");
    assertEquals(
        new JournalUsage(1, done.approximateBytes(), 0, 0),
        journal.usage(),
        "the bytes follow the new state");
  }

  @Test
  public void runningRunsListsOnlyThatWorkersRunsInFlightOldestFirst() {
    RunJournal journal = journal();
    Instant t0 = time.now();
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

  // ---- bounds --------------------------------------------------------------------------------

  @Test
  public void finishedRunsBeyondTheCountAreDroppedOldestFinishedFirst() {
    RunJournal journal = journal(limits(3, 16L << 20, Duration.ofDays(1), 100, 16L << 20));
    Instant t0 = time.now();
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
  public void finishedRunsBeyondTheByteBoundAreDroppedOldestFirst() {
    Instant t0 = time.now();
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
  public void finishedRunsOlderThanTheirTimeToLiveAreDroppedAtTheNextWrite() {
    RunJournal journal = journal(limits(100, 16L << 20, Duration.ofHours(1), 100, 16L << 20));
    Instant t0 = time.now();
    journal.insertRun(finishedRun("owner-a", "old", t0, t0.plusSeconds(60)));
    journal.insertRun(finishedRun("owner-a", "young", t0, t0.plusSeconds(1800)));

    time.advance(Duration.ofMinutes(61).plusSeconds(1));
    journal.insertRun(started("owner-b", "run-1", "worker-a", time.now()));

    assertTrue(journal.findRun("owner-a", "old").isEmpty(), "finished over an hour ago");
    assertTrue(journal.findRun("owner-a", "young").isPresent(), "finished 31 minutes ago");
  }

  @Test
  public void runsInFlightAreNeverDropped() {
    RunJournal journal = journal(limits(2, 1, Duration.ofMinutes(1), 100, 16L << 20));
    Instant t0 = time.now();
    for (int i = 0; i < 4; i++) {
      journal.insertRun(started("owner-a", "run-" + i, "worker-a", t0.plusSeconds(i)));
    }
    time.advance(Duration.ofDays(30));
    journal.insertRun(finishedRun("owner-a", "done", time.now(), time.now()));

    assertEquals(4, journal.runningRuns("worker-a").size(), "over every bound, yet in flight");
    assertTrue(journal.findRun("owner-a", "done").isEmpty(), "the finished one made way");
    assertEquals(4, journal.usage().runs());
  }

  @Test
  public void answersBeyondTheCountAreDroppedOldestFirstButOpenClaimsStay() {
    RunJournal journal = journal(limits(100, 16L << 20, Duration.ofDays(1), 3, 16L << 20));
    RequestKey open = new RequestKey("bus.containers.run.request", "open");
    RequestKey first = new RequestKey("bus.vm.start.request", "a-1");
    journal.claim(open, "worker-a", time.now());
    for (int i = 1; i <= 3; i++) {
      RequestKey key = new RequestKey("bus.vm.start.request", "a-" + i);
      journal.claim(key, "worker-a", time.now());
      journal.answered(key, "ok-" + i, time.now());
      time.advance(Duration.ofSeconds(1));
    }

    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(first, "worker-a", time.now()),
        "the oldest answer made way");
    assertInstanceOf(
        AnswerClaim.Answered.class,
        journal.claim(new RequestKey("bus.vm.start.request", "a-3"), "worker-a", time.now()));
    assertEquals(List.of(open, first), keys(journal.unanswered("worker-a")));
    assertEquals(3, journal.usage().answers());
  }

  @Test
  public void answersBeyondTheByteBoundAreDroppedOldestFirst() {
    RequestKey first = new RequestKey("bus.vm.start.request", "a-1");
    RequestKey second = new RequestKey("bus.vm.start.request", "a-2");
    RequestKey third = new RequestKey("bus.vm.start.request", "a-3");
    long bound = answerBytes(second, "ok") + answerBytes(third, "ok");
    RunJournal journal = journal(limits(100, 16L << 20, Duration.ofDays(1), 100, bound));
    for (RequestKey key : List.of(first, second, third)) {
      journal.claim(key, "worker-a", time.now());
      journal.answered(key, "ok", time.now());
      time.advance(Duration.ofSeconds(1));
    }

    assertEquals(new JournalUsage(0, 0, 2, bound), journal.usage());
    assertInstanceOf(AnswerClaim.Answered.class, journal.claim(second, "worker-a", time.now()));
    assertInstanceOf(AnswerClaim.Answered.class, journal.claim(third, "worker-a", time.now()));
  }

  @Test
  public void answersOlderThanTheirTimeToLiveAreForgotten() {
    RunJournal journal = journal(ROOMY);
    journal.claim(RUN_REQUEST, "worker-a", time.now());
    journal.answered(RUN_REQUEST, "accepted", time.now());
    RequestKey open = new RequestKey("bus.vm.stop.request", "open");
    journal.claim(open, "worker-a", time.now());

    time.advance(ROOMY.answerTtl().plusSeconds(1));

    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(RUN_REQUEST, "worker-b", time.now()),
        "an expired answer is not replayed");
    assertEquals(
        new AnswerClaim.Running("worker-a", time.now().minus(ROOMY.answerTtl().plusSeconds(1))),
        journal.claim(open, "worker-b", time.now()),
        "a claim without an answer never expires");
  }

  @Test
  public void usageCountsEverythingKeptInBytes() {
    RunJournal journal = journal();
    assertEquals(new JournalUsage(0, 0, 0, 0), journal.usage());
    RunEntry run = started("owner-a", "run-1", "worker-a", time.now());
    journal.insertRun(run);
    journal.claim(RUN_REQUEST, "worker-a", time.now());
    journal.claim(DELETE_REQUEST, "worker-a", time.now());
    journal.answered(DELETE_REQUEST, "deleted ✓", time.now());

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
  public void aClosedJournalRefusesWork() {
    RunJournal journal = journal();
    journal.close();
    journal.close();

    assertThrows(JournalException.class, () -> journal.claim(RUN_REQUEST, "w", time.now()));
    assertThrows(JournalException.class, () -> journal.findRun("owner-a", "run-1"));
    assertThrows(JournalException.class, journal::usage);
  }

  // ---- helpers -------------------------------------------------------------------------------

  protected static RunEntry started(String owner, String runId, String worker, Instant at) {
    return RunEntry.started(
        owner,
        runId,
        "corr-" + runId,
        worker,
        "alpine:3",
        List.of("echo", runId),
        "runner-1",
        "bus-" + runId,
        at);
  }

  protected static RunEntry finishedRun(String owner, String runId, Instant start, Instant end) {
    return started(owner, runId, "worker-a", start)
        .finished(RunState.COMPLETED, end, 0, new RunEntry.Output("out", false, "", false), null);
  }

  protected static JournalLimits limits(
      int maxRuns, long maxRunBytes, Duration runTtl, int maxAnswers, long maxAnswerBytes) {
    return new JournalLimits(
        maxRuns, maxRunBytes, runTtl, maxAnswers, maxAnswerBytes, Duration.ofHours(2));
  }

  /** What a kept answer counts: its key and its JSON text, in UTF-8. */
  protected static long answerBytes(RequestKey key, Object payload) {
    return key.approximateBytes() + ENCODER.apply(payload).getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Claims {@code key} from {@code threads} threads released together, thread {@code i} through
   * {@code journalOf.apply(i)}.
   */
  protected final List<AnswerClaim> claimTogether(
      int threads, Function<Integer, RunJournal> journalOf, RequestKey key) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AnswerClaim>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        RunJournal journal = journalOf.apply(i);
        String worker = "worker-" + i;
        Callable<AnswerClaim> claim =
            () -> {
              ready.countDown();
              go.await();
              return journal.claim(key, worker, time.now());
            };
        futures.add(pool.submit(claim));
      }
      assertTrue(ready.await(10, TimeUnit.SECONDS), "threads did not start");
      go.countDown();
      List<AnswerClaim> claims = new ArrayList<>();
      for (Future<AnswerClaim> future : futures) {
        claims.add(future.get(30, TimeUnit.SECONDS));
      }
      return claims;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<RequestKey> keys(List<PendingRequest> pending) {
    return pending.stream().map(PendingRequest::key).toList();
  }
}
