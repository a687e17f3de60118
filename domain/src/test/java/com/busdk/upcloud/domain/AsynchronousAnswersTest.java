package com.busdk.upcloud.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.StubBusEvent;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatcher publishes without waiting: no thread of it waits for the Events API, and what
 * follows a publish (the listeners, the journal release, giving the place back) happens when the
 * bus reports the outcome. A bus whose publishes the test completes by hand shows the order.
 */
@Timeout(30)
class AsynchronousAnswersTest {
  private static final BusEventName START = BusEventName.VM_START;
  private static final StatusResponse READY =
      new StatusResponse(new StatusPayload("ready", "static", StatusDetails.NONE));

  private final HeldBus bus = new HeldBus();
  private final FakeTime time = new FakeTime();
  private final InMemoryRunJournal journal = new InMemoryRunJournal(time);
  private final List<String> finished = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

  private RequestDispatcher dispatcher() {
    RequestDispatcher d =
        new RequestDispatcher(
            bus,
            Map.of(START, r -> READY),
            DispatchSettings.defaults(4, "worker-1"),
            time,
            journal);
    d.addListener(
        new DispatchListener() {
          @Override
          public void answered(String requestName, String correlationId, String outcome) {}

          @Override
          public void finished(String requestName, String outcome, Duration duration) {
            finished.add(outcome);
            outcomes.add(outcome);
          }
        });
    return d;
  }

  @Test
  void anAnswerStaysInFlightUntilTheBusReportsItOut() throws Exception {
    RequestDispatcher d = dispatcher();
    d.accept(StubBusEvent.named(START.request()).correlationId("held").build());

    Held held = bus.next();
    assertEquals("held", held.correlationId());
    assertTrue(held.publisher().getName().startsWith("bus-request-"), "on a request thread");
    assertTrue(held.here(), "its first attempt made there, without a hand-off to a sender");
    assertEquals(1, d.inFlight(), "published, not yet out: still in flight");
    assertEquals(List.of(), finished, "the listeners hear of it when it is out");

    held.receipt().complete(new PublishReceipt("evt_1", "bus.vm.start.response"));

    assertEquals("ok", nextOutcome());
    d.shutdown(Duration.ofSeconds(5));
    assertEquals(0, d.inFlight());
  }

  @Test
  void anAnswerTheBusGivesUpLaterFreesTheClaimSoARedeliveryRunsAgain() throws Exception {
    RequestDispatcher d = dispatcher();
    d.accept(StubBusEvent.named(START.request()).correlationId("lost").build());

    Held held = bus.next();
    RunJournal.RequestKey key = new RunJournal.RequestKey(START.request(), "lost");
    held.receipt()
        .completeExceptionally(
            new EventBusException(EventBusException.Kind.UNAVAILABLE, "gave up"));

    assertEquals("error:unpublished", nextOutcome());
    assertEquals(List.of(), journal.unanswered("worker-1"), "the claim was forgotten");
    d.accept(StubBusEvent.named(START.request()).correlationId("lost").build());
    Held again = bus.next();
    assertEquals(READY, again.payload(), "executed again, not replayed from the journal");
    again.receipt().complete(new PublishReceipt("evt_2", "bus.vm.start.response"));
    d.shutdown(Duration.ofSeconds(5));
    assertTrue(journal.claim(key, "worker-1", time.now()) instanceof AnswerClaim.Answered);
  }

  @Test
  void shutdownReturnsOnlyOnceEveryAnswerIsOut() throws Exception {
    RequestDispatcher d = dispatcher();
    d.accept(StubBusEvent.named(START.request()).correlationId("last").build());
    Held held = bus.next();
    CompletableFuture<Boolean> outWhenShutdownReturned = new CompletableFuture<>();
    Thread stopping =
        new Thread(
            () -> {
              try {
                d.shutdown(Duration.ofSeconds(20));
                outWhenShutdownReturned.complete(held.receipt().isDone());
              } catch (InterruptedException e) {
                outWhenShutdownReturned.completeExceptionally(e);
              }
            });
    stopping.start();
    assertFalse(outWhenShutdownReturned.isDone(), "the answer is not out yet");

    held.receipt().complete(new PublishReceipt("evt_1", "bus.vm.start.response"));

    assertTrue(outWhenShutdownReturned.get(10, TimeUnit.SECONDS));
    assertEquals(List.of("ok"), finished);
  }

  @Test
  void aRefusalIsAnsweredOnTheReaderAndWaitedForLikeAnyAnswer() throws Exception {
    RequestDispatcher d = dispatcher();
    String tooLong = "c".repeat(InputLimits.defaults().correlationIdBytes() + 1);
    d.accept(StubBusEvent.named(START.request()).correlationId(tooLong).build());

    Held refusal = bus.next();
    assertEquals(Thread.currentThread(), refusal.publisher(), "no hand-off for a refusal");
    assertFalse(refusal.here(), "but the reader never makes the attempt itself: it must not block");
    assertTrue(refusal.payload() instanceof ErrorReply);
    assertEquals(1, d.inFlight(), "in flight until it is out");

    refusal.receipt().complete(new PublishReceipt("evt_1", "bus.vm.start.response"));

    assertEquals("error:bad_request", nextOutcome());
    d.shutdown(Duration.ofSeconds(5));
    assertEquals(0, d.inFlight());
  }

  private String nextOutcome() throws InterruptedException {
    String outcome = outcomes.poll(10, TimeUnit.SECONDS);
    if (outcome == null) {
      throw new AssertionError("no request finished within 10 s");
    }
    return outcome;
  }

  /** One publish the test completes by hand. */
  record Held(
      String correlationId,
      EventPayload payload,
      Thread publisher,
      boolean here,
      CompletableFuture<PublishReceipt> receipt) {}

  /** A bus whose publishes stay under way until the test completes them. */
  static final class HeldBus implements EventBus {
    private final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();

    Held next() throws InterruptedException {
      Held next = held.poll(10, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("no publish within 10 s");
      }
      return next;
    }

    @Override
    public CompletableFuture<PublishReceipt> publishAsync(
        String name, String correlationId, EventPayload payload) {
      return hold(correlationId, payload, false);
    }

    @Override
    public CompletableFuture<PublishReceipt> publishHere(
        String name, String correlationId, EventPayload payload) {
      return hold(correlationId, payload, true);
    }

    private CompletableFuture<PublishReceipt> hold(
        String correlationId, EventPayload payload, boolean here) {
      Held one =
          new Held(correlationId, payload, Thread.currentThread(), here, new CompletableFuture<>());
      held.add(one);
      return one.receipt();
    }

    @Override
    public Subscription subscribe(
        String name, Delivery delivery, EventHandler handler, StreamOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
