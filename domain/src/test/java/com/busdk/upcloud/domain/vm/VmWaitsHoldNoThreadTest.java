package com.busdk.upcloud.domain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.DispatchSettings;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.ActionResponse;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ServerDetails;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.RecordingEventBus;
import com.busdk.upcloud.testkit.StubBusEvent;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import com.busdk.upcloud.testkit.upcloud.InMemoryCloudServers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VM starts and stops that poll through maintenance wait as timer entries of the clock, not as
 * threads: two request threads carry hundreds of waiting requests, and each is answered once.
 */
class VmWaitsHoldNoThreadTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration SIGNAL = Duration.ofSeconds(30);
  private static final int THREADS = 2;

  private final InMemoryCloudServers cloud = new InMemoryCloudServers();
  private final FakeTime time = FakeTime.manual();
  private final RecordingEventBus bus = new RecordingEventBus();
  private final InMemoryRunJournal journal = new InMemoryRunJournal(time);
  private final AtomicInteger threadsMade = new AtomicInteger();
  private final ExecutorService requestThreads =
      Executors.newFixedThreadPool(
          THREADS,
          task -> {
            Thread thread = new Thread(task, "test-request-" + threadsMade.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  @AfterEach
  void closeThreads() throws InterruptedException {
    requestThreads.shutdownNow();
    requestThreads.awaitTermination(5, TimeUnit.SECONDS);
  }

  private RequestDispatcher dispatcher(int requests, Duration actionTimeout) {
    VmControl vm =
        new VmControl(cloud, new VmSettings("upcloud", "gpu", actionTimeout, INTERVAL), time);
    return new RequestDispatcher(
        bus,
        new VmHandlers(vm).handlers(),
        DispatchSettings.defaults(requests, "worker-1"),
        time,
        journal,
        requestThreads,
        requests);
  }

  @Test
  void twoHundredStartsPollingThroughMaintenanceHoldNoThreadAndAreAnsweredOnce() throws Exception {
    int requests = 200;
    int polls = 40;
    ServerDetails server = cloud.addServer("gpu", "maintenance");
    RequestDispatcher dispatcher = dispatcher(requests, Duration.ofHours(1));
    for (int i = 0; i < requests; i++) {
      dispatcher.accept(
          StubBusEvent.named(BusEventName.VM_START.request()).correlationId("start-" + i).build());
    }

    for (int poll = 1; poll <= polls; poll++) {
      assertTrue(
          time.awaitWaiting(requests, SIGNAL),
          "poll " + poll + ": every start waits as a timer entry; " + time.waiting() + " do");
      assertEquals(requests, dispatcher.inFlight(), "all in flight, none answered yet");
      assertEquals(0, bus.published().size());
      time.advance(INTERVAL);
    }
    assertTrue(time.awaitWaiting(requests, SIGNAL));
    assertEquals(
        requests * (polls + 1),
        cloud.calls("get") + cloud.calls("find"),
        "one state read per start and poll");

    cloud.setState(server.uuid(), "started");
    time.advance(INTERVAL);
    List<RecordingEventBus.Published> answers = bus.awaitCount(requests, SIGNAL);
    dispatcher.shutdown(SIGNAL);

    Map<String, Integer> answersPerRequest = new HashMap<>();
    for (RecordingEventBus.Published answer : bus.published()) {
      assertEquals(BusEventName.VM_START.response(), answer.name());
      ActionResponse reply = assertInstanceOf(ActionResponse.class, answer.payload());
      assertEquals("ready", reply.status().state());
      answersPerRequest.merge(answer.correlationId(), 1, Integer::sum);
    }
    assertEquals(requests, answers.size());
    assertEquals(requests, answersPerRequest.size(), "every request answered");
    assertTrue(answersPerRequest.values().stream().allMatch(n -> n == 1), "each exactly once");
    assertEquals(0, cloud.calls("start"), "the server came up by itself; nothing to start");
    assertEquals(0, time.waiting(), "no timer entry left behind");
    assertEquals(0, dispatcher.inFlight());
    assertEquals(THREADS, threadsMade.get(), "two request threads carried every wait");
  }

  @Test
  void maintenancePastTheActionTimeoutIsATimeoutAnswer() throws Exception {
    cloud.addServer("gpu", "maintenance");
    RequestDispatcher dispatcher = dispatcher(4, Duration.ofSeconds(45));
    dispatcher.accept(
        StubBusEvent.named(BusEventName.VM_STOP.request()).correlationId("stop-1").build());
    for (int poll = 0; poll < 9; poll++) {
      assertTrue(time.awaitWaiting(1, SIGNAL));
      assertEquals(0, bus.published().size());
      time.advance(INTERVAL);
    }
    RecordingEventBus.Published answer = bus.awaitCount(1, SIGNAL).get(0);
    ErrorReply reply = assertInstanceOf(ErrorReply.class, answer.payload());
    assertEquals("timeout", reply.error().type());
    assertTrue(reply.error().message().contains("maintenance timeout"), reply.error().message());
    assertEquals(0, time.waiting());
    dispatcher.shutdown(SIGNAL);
  }

  @Test
  void shutdownAnswersAWaitingStartAndDropsItsTimer() throws Exception {
    cloud.addServer("gpu", "maintenance");
    RequestDispatcher dispatcher = dispatcher(4, Duration.ofHours(1));
    dispatcher.accept(
        StubBusEvent.named(BusEventName.VM_START.request()).correlationId("start-1").build());
    assertTrue(time.awaitWaiting(1, SIGNAL));

    dispatcher.shutdown(Duration.ZERO);

    RecordingEventBus.Published answer = bus.awaitCount(1, SIGNAL).get(0);
    ErrorReply reply = assertInstanceOf(ErrorReply.class, answer.payload());
    assertEquals("request interrupted by shutdown", reply.error().message());
    assertEquals(0, time.waiting(), "the wait ended with its request");
    int reads = cloud.calls("get") + cloud.calls("find");
    time.advance(INTERVAL.multipliedBy(10));
    assertEquals(reads, cloud.calls("get") + cloud.calls("find"), "no poll after the answer");
    assertEquals(1, bus.published().size());
  }
}
