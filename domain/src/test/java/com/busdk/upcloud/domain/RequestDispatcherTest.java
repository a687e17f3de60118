package com.busdk.upcloud.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.RunJournal;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestDispatcherTest {
  private static final String STATUS = "bus.vm.status.request";
  private static final String START = "bus.vm.start.request";
  private static final StatusResponse READY =
      new StatusResponse(new StatusPayload("ready", "static", Map.of()));

  private final RecordingEventBus bus = new RecordingEventBus();
  private final FakeTime time = new FakeTime();
  private final InMemoryRunJournal journal = new InMemoryRunJournal(time);

  private RequestDispatcher dispatcher(Map<String, RequestHandler> handlers) {
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
    d.accept(StubBusEvent.named(STATUS).correlationId("read").build());
    bus.await(x -> true, Duration.ofSeconds(5));
    d.accept(StubBusEvent.named(STATUS).correlationId("read").build());
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
    d.accept(StubBusEvent.named(START).correlationId(huge).build());
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
    first.accept(StubBusEvent.named(START).correlationId("once").build());
    bus.await(x -> true, Duration.ofSeconds(5));
    first.shutdown(Duration.ofSeconds(5));

    RequestDispatcher restarted = dispatcher(Map.of(START, start));
    restarted.accept(StubBusEvent.named(START).correlationId("once").build());
    waitForPublishes(2);
    assertEquals(1, executions.get());
    assertEquals(READY, bus.published().get(1).payload());
  }

  @Test
  void aRequestClaimedBeforeARestartIsAnsweredOnceByTheRestartedWorker() throws Exception {
    journal.claim(new RunJournal.RequestKey(START, "in-flight"), "worker-1", time.now());
    journal.claim(new RunJournal.RequestKey(START, "other-worker"), "worker-2", time.now());
    AtomicInteger executions = new AtomicInteger();
    RequestDispatcher restarted =
        dispatcher(
            Map.of(
                START,
                r -> {
                  executions.incrementAndGet();
                  return READY;
                }));
    restarted.accept(StubBusEvent.named(START).correlationId("in-flight").build());

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
  }

  @Test
  void answersWithTheHandlersPayloadUnderTheRequestsCorrelationId() throws Exception {
    RequestDispatcher d = dispatcher(Map.of(STATUS, r -> READY));
    d.accept(StubBusEvent.named(STATUS).correlationId("c-1").build());
    RecordingEventBus.Published p =
        bus.await(x -> x.name().equals("bus.vm.status.response"), Duration.ofSeconds(5));
    assertEquals("c-1", p.correlationId());
    assertEquals(READY, p.payload());
  }

  @Test
  void aRequestWithoutCorrelationIdIsAnsweredUnderItsEventId() throws Exception {
    RequestDispatcher d = dispatcher(Map.of(STATUS, r -> READY));
    d.accept(StubBusEvent.named(STATUS).id("evt_42").build());
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
    d.accept(StubBusEvent.named(STATUS).correlationId("c-2").build());
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
    d.accept(StubBusEvent.named(STATUS).correlationId("c-3").build());
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals("provider_error", reply.error().type());
    assertTrue(!reply.error().message().contains("secret-ish"));
    d.accept(StubBusEvent.named(STATUS).correlationId("c-4").build());
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
    d.accept(StubBusEvent.named(START).correlationId("dup").build());
    bus.await(x -> true, Duration.ofSeconds(5));
    d.accept(StubBusEvent.named(START).correlationId("dup").id("evt_2").build());
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
    d.accept(StubBusEvent.named(START).correlationId("same").build());
    d.accept(StubBusEvent.named(START).correlationId("same").build());
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
        StubBusEvent.named(START)
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
        StubBusEvent.named(STATUS)
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
      d.accept(StubBusEvent.named(START).correlationId("slow-" + i).build());
    }
    d.accept(StubBusEvent.named(STATUS).correlationId("fast").build());
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
    bus.failNextPublishes(1);
    d.accept(StubBusEvent.named(START).correlationId("retry").build());
    waitUntil(() -> executions.get() == 1);
    d.shutdown(Duration.ofSeconds(5));
    RequestDispatcher again = dispatcher(Map.of(START, r -> READY));
    again.accept(StubBusEvent.named(START).correlationId("retry").build());
    assertEquals(READY, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals(List.of(), journal.unanswered("worker-1"));
  }

  @Test
  void shutdownInterruptsOverdueRequestsWhichStillAnswer() throws Exception {
    RequestDispatcher d =
        dispatcher(
            Map.of(
                START,
                r -> {
                  try {
                    Thread.sleep(60_000);
                    return READY;
                  } catch (InterruptedException e) {
                    throw Failures.interrupted("VM start");
                  }
                }));
    d.accept(StubBusEvent.named(START).correlationId("long").build());
    waitUntil(() -> d.inFlight() == 1);
    d.shutdown(Duration.ofMillis(50));
    ErrorReply reply =
        assertInstanceOf(ErrorReply.class, bus.await(x -> true, Duration.ofSeconds(5)).payload());
    assertEquals(ErrorType.PROVIDER_ERROR.wire(), reply.error().type());
    assertTrue(reply.error().message().contains("interrupted"));
  }

  @Test
  void rejectsHandlerNamesThatAreNotRequests() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> dispatcher(Map.of("bus.vm.status.response", r -> READY)));
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
    waitUntil(() -> bus.published().size() >= n);
    assertEquals(n, bus.published().size());
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 5s");
      }
      Thread.sleep(5);
    }
  }
}
