package com.busdk.upcloud.testkit.journal;

import static com.busdk.upcloud.testkit.journal.JournalSamples.ENCODER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.PendingRequest;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
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
import org.junit.jupiter.api.Test;

/** Part of {@link RunJournalContract}: claiming requests, keeping and releasing their answers. */
public interface ClaimsContract extends JournalFixture {

  @Test
  default void aFirstClaimIsFreshAndALaterOneSeesWhoRunsIt() {
    RunJournal journal = journal();
    Instant claimedAt = time().now();

    assertEquals(new AnswerClaim.Fresh(), journal.claim(RUN_REQUEST, "worker-a", claimedAt));
    time().advance(Duration.ofSeconds(3));

    assertEquals(
        new AnswerClaim.Running("worker-a", claimedAt),
        journal.claim(RUN_REQUEST, "worker-b", time().now()));
    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(DELETE_REQUEST, "worker-b", time().now()),
        "another request is claimed on its own");
  }

  @Test
  default void anAnsweredRequestIsClaimedAsItsKeptAnswer() {
    RunJournal journal = journal();
    journal.claim(RUN_REQUEST, "worker-a", time().now());
    journal.answered(RUN_REQUEST, "accepted", time().now());

    AnswerClaim again = journal.claim(RUN_REQUEST, "worker-b", time().now());

    assertEquals(keptAs("accepted"), again, "a redelivery is answered again, not executed");
  }

  @Test
  default void aLaterAnswerReplacesTheKeptOne() {
    RunJournal journal = journal();
    journal.claim(RUN_REQUEST, "worker-a", time().now());
    journal.answered(RUN_REQUEST, "first", time().now());
    journal.answered(RUN_REQUEST, "second", time().now());

    assertEquals(keptAs("second"), journal.claim(RUN_REQUEST, "worker-a", time().now()));
    assertEquals(1, journal.usage().answers());
  }

  @Test
  default void anAnswerToARequestNobodyClaimedIsKept() {
    RunJournal journal = journal();
    journal.answered(RUN_REQUEST, "accepted", time().now());

    assertEquals(keptAs("accepted"), journal.claim(RUN_REQUEST, "worker-a", time().now()));
  }

  @Test
  default void releasingAClaimLetsTheRequestBeExecutedAgain() {
    RunJournal journal = journal();
    journal.claim(RUN_REQUEST, "worker-a", time().now());
    journal.release(RUN_REQUEST);
    assertEquals(new AnswerClaim.Fresh(), journal.claim(RUN_REQUEST, "worker-b", time().now()));

    journal.answered(RUN_REQUEST, "accepted", time().now());
    journal.release(RUN_REQUEST);
    assertEquals(
        new AnswerClaim.Fresh(),
        journal.claim(RUN_REQUEST, "worker-b", time().now()),
        "a release forgets the kept answer too");

    journal.release(new RequestKey("bus.vm.start.request", "never-claimed"));
  }

  @Test
  default void unansweredListsOnlyThatWorkersOpenClaimsOldestFirst() {
    RunJournal journal = journal();
    RequestKey first = new RequestKey("bus.vm.start.request", "s-1");
    RequestKey second = new RequestKey("bus.vm.stop.request", "s-2");
    RequestKey answered = new RequestKey("bus.vm.stop.request", "s-3");
    Instant firstAt = time().now();
    journal.claim(first, "worker-a", firstAt);
    time().advance(Duration.ofSeconds(1));
    Instant secondAt = time().now();
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
  default void concurrentClaimsOfOneRequestTakeItOnce() throws Exception {
    RunJournal journal = journal();
    int threads = 8;
    List<AnswerClaim> claims = claimTogether(threads, i -> journal, RUN_REQUEST);

    assertEquals(
        1, claims.stream().filter(AnswerClaim.Fresh.class::isInstance).count(), "" + claims);
    assertEquals(
        threads - 1, claims.stream().filter(AnswerClaim.Running.class::isInstance).count());
  }

  /**
   * How a claim finds a request answered with {@code payload}: its answer as this journal keeps it.
   */
  default AnswerClaim keptAs(String payload) {
    return new AnswerClaim.Answered(keptAnswer(payload, ENCODER.apply(payload)));
  }

  /**
   * Claims {@code key} from {@code threads} threads released together, thread {@code i} through
   * {@code journalOf.apply(i)}.
   */
  default List<AnswerClaim> claimTogether(
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
              return journal.claim(key, worker, time().now());
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
}
