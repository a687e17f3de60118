package com.busdk.upcloud.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.StatusDetails;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.StatusResponse;
import com.busdk.upcloud.ports.WorkerException;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.RecordingEventBus;
import com.busdk.upcloud.testkit.StubBusEvent;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestDispatcherTest {
  private static final BusEventName STATUS = BusEventName.VM_STATUS;
  private static final BusEventName START = BusEventName.VM_START;
  private static final StatusResponse READY =
      new StatusResponse(new StatusPayload("ready", "static", StatusDetails.NONE));

  private final RecordingEventBus bus = new RecordingEventBus();
  private final FakeTime time = new FakeTime();
  private final InMemoryRunJournal journal = new InMemoryRunJournal(time);

  private RequestDispatcher dispatcher(Map<BusEventName, RequestHandler> handlers) {
    return new RequestDispatcher(
        bus, handlers, DispatchSettings.defaults(4, "worker-1"), time, journal);
  }

  @Test
  void readsAreExecutedEachTimeAndKeepNoAnswer() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    RequestDispatcher d =
        dispatcher(
            Map.of(
                STATUS,
                r -> {
                  executions.incrementAndGet();
                  return READY;
                }));
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("read").build());
    bus.await(x -> true, Duration.ofSeconds(5));
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("read").build());
    waitForPublishes(2);
    assertEquals(2, executions.get());
    assertEquals(0, journal.usage().answers(), "a read keeps nothing");
  }

  @Test
  void anOverlongCorrelationIdIsRefusedNamingTheLimitWithoutRunningTheHandler() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  executions.incrementAndGet();
                  return READY;
                }));
    String huge = "c".repeat(200_000);
    d.accept(StubBusEvent.named(START.request()).correlationId(huge).build());
    RecordingEventBus.Published p = bus.await(x -> true, Duration.ofSeconds(5));
    assertTrue(huge.equals(p.correlationId()), "the requester can still match the answer");
    ErrorReply reply = assertInstanceOf(ErrorReply.class, p.payload());
    assertEquals("bad_request", reply.error().type());
    assertTrue(
        reply.error().message().startsWith("correlationId: longer than 1024 bytes"),
        reply.error().message());
    assertTrue(reply.error().message().length() < 120, "only a short prefix is echoed");
    assertEquals(0, executions.get());
    assertEquals(0, journal.usage().answers(), "nothing of it is kept");
  }

  @Test
  void aRedeliveryToARestartedWorkerIsAnsweredFromTheJournalNotExecutedAgain() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    RequestHandler start =
        r -> {
          executions.incrementAndGet();
          return READY;
        };
    RequestDispatcher first = dispatcher(Map.of(START, start));
    first.accept(StubBusEvent.named(START.request()).correlationId("once").build());
    bus.await(x -> true, Duration.ofSeconds(5));
    first.shutdown(Duration.ofSeconds(5));

    RequestDispatcher restarted = dispatcher(Map.of(START, start));
    restarted.accept(StubBusEvent.named(START.request()).correlationId("once").build());
    waitForPublishes(2);
    assertEquals(1, executions.get());
    assertEquals(READY, bus.published().get(1).payload());
  }

  @Test
  void aRequestClaimedBeforeARestartIsAnsweredOnceByTheRestartedWorker() throws Exception {
    journal.claim(new RunJournal.RequestKey(START.request(), "in-flight"), "worker-1", time.now());
    journal.claim(
        new RunJournal.RequestKey(START.request(), "other-worker"), "worker-2", time.now());
    AtomicInteger executions = new AtomicInteger();
    // One thread, so the redelivery is taken before the recovery answers (in order, as in a run).
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      RequestDispatcher restarted =
          new RequestDispatcher(
              bus,
              Map.of(
                  START,
                  r -> {
                    executions.incrementAndGet();
                    return READY;
                  }),
              DispatchSettings.defaults(4, "worker-1"),
              time,
              journal,
              one,
              8);
      restarted.accept(StubBusEvent.named(START.request()).correlationId("in-flight").build());

      assertEquals(1, restarted.recoverInterrupted());
      RecordingEventBus.Published p =
          bus.await(x -> x.correlationId().equals("in-flight"), Duration.ofSeconds(5));
      ErrorReply reply = assertInstanceOf(ErrorReply.class, p.payload());
      assertTrue(reply.error().message().contains("restarted"), reply.error().message());
      restarted.shutdown(Duration.ofSeconds(5));
      assertEquals(1, bus.published().size(), "the redelivery found it claimed: one answer");
      assertEquals(0, executions.get());
      assertEquals(List.of(), journal.unanswered("worker-1"));
      assertEquals(1, journal.unanswered("worker-2").size(), "another worker's claim is its own");
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void answersWithTheHandlersPayloadUnderTheRequestsCorrelationId() throws Exception {
    RequestDispatcher d = dispatcher(Map.of(STATUS, r -> READY));
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("c-1").build());
    RecordingEventBus.Published p =
        bus.await(x -> x.name().equals("bus.vm.status.response"), Duration.ofSeconds(5));
    assertEquals("c-1", p.correlationId());
    assertEquals(READY, p.payload());
  }

  @Test
  void aRequestWithoutCorrelationIdIsAnsweredUnderItsEventId() throws Exception {
    RequestDispatcher d = dispatcher(Map.of(STATUS, r -> READY));
    d.accept(StubBusEvent.named(STATUS.request()).id("evt_42").build());
    assertEquals("evt_42", bus.await(x -> true, Duration.ofSeconds(5)).correlationId());
  }

  @Test
  void workerExceptionsBecomeTypedErrorReplies() throws Exception {
    RequestDispatcher d =
        dispatcher(
            Map.of(
                STATUS,
                r -> {
                  throw new PayloadException("timeout_seconds: expected a number");
                }));
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("c-2").build());
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals("bad_request", reply.error().type());
    assertEquals("timeout_seconds: expected a number", reply.error().message());
  }

  @Test
  void anUnexpectedExceptionBecomesProviderErrorWithoutItsMessage() throws Exception {
    RequestDispatcher d =
        dispatcher(
            Map.of(
                STATUS,
                r -> {
                  throw new IllegalStateException("secret-ish detail");
                }));
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("c-3").build());
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals("provider_error", reply.error().type());
    assertTrue(!reply.error().message().contains("secret-ish"));
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("c-4").build());
    bus.await(x -> x.correlationId().equals("c-4"), Duration.ofSeconds(5));
  }

  @Test
  void aDuplicateRequestIsExecutedOnceAndAnsweredAgain() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  executions.incrementAndGet();
                  return READY;
                }));
    d.accept(StubBusEvent.named(START.request()).correlationId("dup").build());
    bus.await(x -> true, Duration.ofSeconds(5));
    d.accept(StubBusEvent.named(START.request()).correlationId("dup").id("evt_2").build());
    waitForPublishes(2);
    assertEquals(1, executions.get());
    assertEquals(bus.published().get(0).payload(), bus.published().get(1).payload());
  }

  @Test
  void aDuplicateArrivingWhileTheFirstRunsIsNotExecuted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger executions = new AtomicInteger();
    // The signal that the duplicate was taken: its claim reached the journal.
    CountDownLatch claims = new CountDownLatch(2);
    RunJournal counting =
        (RunJournal)
            java.lang.reflect.Proxy.newProxyInstance(
                RunJournal.class.getClassLoader(),
                new Class<?>[] {RunJournal.class},
                (proxy, method, args) -> {
                  try {
                    return method.invoke(journal, args);
                  } finally {
                    if (method.getName().equals("claim")) {
                      claims.countDown();
                    }
                  }
                });
    RequestDispatcher d =
        new RequestDispatcher(
            bus,
            Map.of(
                START,
                r -> {
                  executions.incrementAndGet();
                  await(release);
                  return READY;
                }),
            DispatchSettings.defaults(4, "worker-1"),
            time,
            counting);
    d.accept(StubBusEvent.named(START.request()).correlationId("same").build());
    d.accept(StubBusEvent.named(START.request()).correlationId("same").build());
    assertTrue(claims.await(5, TimeUnit.SECONDS), "both deliveries claimed");
    release.countDown();
    bus.await(x -> true, Duration.ofSeconds(5));
    d.shutdown(Duration.ofSeconds(5));
    assertEquals(1, executions.get());
    assertEquals(1, bus.published().size());
  }

  @Test
  void aStaleStartIsRefusedNotExecuted() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  executions.incrementAndGet();
                  return READY;
                }));
    d.accept(
        StubBusEvent.named(START.request())
            .correlationId("old")
            .publishedAt(time.now().minus(Duration.ofMinutes(11)))
            .build());
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals("timeout", reply.error().type());
    assertTrue(reply.error().message().contains("bus.vm.start.request"));
    assertEquals(0, executions.get());
  }

  @Test
  void statusHasNoAgeBound() throws Exception {
    RequestDispatcher d = dispatcher(Map.of(STATUS, r -> READY));
    d.accept(
        StubBusEvent.named(STATUS.request())
            .correlationId("ancient")
            .publishedAt(time.now().minus(Duration.ofDays(2)))
            .build());
    assertEquals(READY, bus.await(x -> true, Duration.ofSeconds(5)).payload());
  }

  @Test
  void aSlowRequestNameDoesNotDelayAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  await(release);
                  return READY;
                },
                STATUS,
                r -> READY));
    for (int i = 0; i < 4; i++) {
      d.accept(StubBusEvent.named(START.request()).correlationId("slow-" + i).build());
    }
    d.accept(StubBusEvent.named(STATUS.request()).correlationId("fast").build());
    bus.await(x -> x.correlationId().equals("fast"), Duration.ofSeconds(5));
    assertEquals(1, bus.published().size());
    release.countDown();
    waitForPublishes(5);
  }

  @Test
  void anUndeliveredAnswerIsForgottenSoARedeliveryRunsAgain() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  executions.incrementAndGet();
                  return READY;
                }));
    CountDownLatch unpublished = new CountDownLatch(1);
    d.addListener(
        new DispatchListener() {
          @Override
          public void answered(String requestName, String correlationId, String outcome) {}

          @Override
          public void finished(String requestName, String outcome, Duration duration) {
            if (outcome.equals("error:unpublished")) {
              unpublished.countDown();
            }
          }
        });
    bus.failNextPublishes(1);
    d.accept(StubBusEvent.named(START.request()).correlationId("retry").build());
    assertTrue(unpublished.await(5, TimeUnit.SECONDS), "the answer was tried and refused");
    assertEquals(1, executions.get());
    d.shutdown(Duration.ofSeconds(5));
    RequestDispatcher again = dispatcher(Map.of(START, r -> READY));
    again.accept(StubBusEvent.named(START.request()).correlationId("retry").build());
    assertEquals(READY, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals(List.of(), journal.unanswered("worker-1"));
  }

  @Test
  void shutdownInterruptsOverdueRequestsWhichStillAnswer() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  entered.countDown();
                  try {
                    never.await();
                    return READY;
                  } catch (InterruptedException e) {
                    throw Failures.interrupted("VM start");
                  }
                }));
    d.accept(StubBusEvent.named(START.request()).correlationId("long").build());
    assertTrue(entered.await(5, TimeUnit.SECONDS), "the handler runs");
    assertEquals(1, d.inFlight());
    d.shutdown(Duration.ofMillis(50));
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals(ErrorType.PROVIDER_ERROR.wire(), reply.error().type());
    assertTrue(reply.error().message().contains("interrupted"));
  }

  @Test
  void listensToTheRequestNameOfEachHandledFamily() {
    RequestDispatcher d = dispatcher(Map.of(STATUS, r -> READY, START, r -> READY));
    assertEquals(Set.of("bus.vm.status.request", "bus.vm.start.request"), d.requestNames());
    assertEquals(Set.of(STATUS, START), d.requests());
    d.close();
  }

  @Test
  void aPendingAnswerHoldsNoThreadSoOneThreadServesManyWaitingRequests() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    Map<String, CompletableFuture<EventPayload>> pending = new ConcurrentHashMap<>();
    RequestHandler waiting =
        RequestHandler.async(
            r -> pending.computeIfAbsent(r.correlationId(), k -> new CompletableFuture<>()));
    try {
      RequestDispatcher d =
          new RequestDispatcher(
              bus,
              Map.of(START, waiting, STATUS, r -> READY),
              DispatchSettings.defaults(100, "worker-1"),
              time,
              journal,
              one,
              200);
      for (int i = 0; i < 100; i++) {
        d.accept(StubBusEvent.named(START.request()).correlationId("wait-" + i).build());
      }
      d.accept(StubBusEvent.named(STATUS.request()).correlationId("status").build());
      bus.await(p -> p.correlationId().equals("status"), Duration.ofSeconds(5));
      assertEquals(100, pending.size(), "all taken on the one thread before the status");
      assertEquals(List.of(), bus.published(START.response()), "and none answered yet");
      assertTrue(d.inFlight() >= 100, "they are in flight while they wait");
      pending.values().forEach(f -> f.complete(READY));
      waitForPublishes(101);
      d.shutdown(Duration.ofSeconds(5));
      assertEquals(0, d.inFlight());
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void theLimitAcrossNamesHoldsTheStreamReaderUntilARequestIsAnswered() throws Exception {
    Map<String, CompletableFuture<EventPayload>> pending = new ConcurrentHashMap<>();
    RequestHandler waiting =
        RequestHandler.async(
            r -> pending.computeIfAbsent(r.correlationId(), k -> new CompletableFuture<>()));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      RequestDispatcher d =
          new RequestDispatcher(
              bus,
              Map.of(START, waiting, STATUS, waiting),
              DispatchSettings.defaults(10, "worker-1"),
              time,
              journal,
              threads,
              2);
      d.accept(StubBusEvent.named(START.request()).correlationId("a").build());
      d.accept(StubBusEvent.named(STATUS.request()).correlationId("b").build());
      CountDownLatch taken = new CountDownLatch(1);
      Thread reader =
          new Thread(
              () -> {
                d.accept(StubBusEvent.named(STATUS.request()).correlationId("c").build());
                taken.countDown();
              });
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(Thread.State.WAITING, reader.getState(), "the third waits for a place");
      assertEquals(1, taken.getCount());
      pending.computeIfAbsent("a", k -> new CompletableFuture<>()).complete(READY);
      assertTrue(taken.await(5, TimeUnit.SECONDS), "an answer gives its place back");
      reader.join(5_000);
      for (String id : List.of("b", "c")) {
        // The handler may not have run yet for "c": it then finds its answer already there.
        pending.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(READY);
      }
      waitForPublishes(3);
      d.shutdown(Duration.ofSeconds(5));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void shutdownAnswersAPendingRequestWithAnErrorAtTheEndOfTheGrace() throws Exception {
    RequestDispatcher d =
        dispatcher(Map.of(START, RequestHandler.async(r -> new CompletableFuture<>())));
    d.accept(StubBusEvent.named(START.request()).correlationId("pending").build());
    d.shutdown(Duration.ofMillis(50));
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals(ErrorType.PROVIDER_ERROR.wire(), reply.error().type());
    assertTrue(reply.error().message().contains("interrupted by shutdown"));
    assertEquals(0, d.inFlight());
  }

  @Test
  void responseNamesMirrorRequestNames() {
    assertEquals(
        "bus.containers.runner.delete.response",
        RequestDispatcher.responseNameOf("bus.containers.runner.delete.request"));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new WorkerException(ErrorType.TIMEOUT, "test latch");
      }
    } catch (InterruptedException e) {
      throw Failures.interrupted("test");
    }
  }

  private void waitForPublishes(int n) throws InterruptedException {
    bus.awaitCount(n, Duration.ofSeconds(5));
    assertEquals(n, bus.published().size());
  }
}
