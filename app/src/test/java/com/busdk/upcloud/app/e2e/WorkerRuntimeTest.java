package com.busdk.upcloud.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.app.config.SettingsLoader;
import com.busdk.upcloud.app.runtime.WorkerRuntime;
import com.busdk.upcloud.events.EventsServerFaults;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener loop over real HTTP: reconnects, competing workers, --once, shutdown. */
class WorkerRuntimeTest {
  private final Deployment d = new Deployment();

  @AfterEach
  void close() throws Exception {
    d.close();
  }

  /**
   * Every response the Events API received, per correlation id. Read on the server side: a
   * broadcast observer would itself miss events while its stream is dropped.
   */
  private Map<String, Integer> responses(String name) {
    Map<String, Integer> seen = new HashMap<>();
    for (BusEvent e : d.events.published()) {
      if (e.name().equals(name)) {
        seen.merge(e.correlationId().orElse("?"), 1, Integer::sum);
      }
    }
    return seen;
  }

  @Test
  void droppedStreamsLoseNoRequestAndAnswerNoneTwice() throws Exception {
    d.startWorker(List.of("--vm-name=gpu"));
    EventBus caller = d.bus("caller");
    int n = 40;
    for (int i = 0; i < n; i++) {
      caller.publish("bus.vm.status.request", "drop-" + i, TestPayloads.json(Map.of()));
      if (i % 10 == 5) {
        EventsServerFaults.of(d.events).dropStreams();
      }
    }
    awaitResponses("bus.vm.status.response", n);
    // A stopped worker has published all it ever will: a duplicate would be among these.
    assertEquals(0, d.stopWorker());
    Map<String, Integer> seen = responses("bus.vm.status.response");
    assertEquals(n, seen.size(), "answered: " + seen.keySet());
    seen.forEach((k, v) -> assertEquals(1, v, "answers for " + k));
  }

  @Test
  void twoWorkersInOneGroupHandleEachRequestOnce() throws Exception {
    d.startWorker(List.of("--vm-name=gpu", "--events-consumer=worker-a"));
    var settings =
        SettingsLoader.load(
            new String[] {
              "--events-url=" + d.events.collectionUrl(),
              "--vm-name=gpu",
              "--events-consumer=worker-b",
              "--state-dir=" + d.stateDir()
            },
            Map.of("BUS_API_TOKEN", d.workerToken));
    EventBus bus =
        HttpEventBus.create(EventsSettings.of(d.events.collectionUrl().toString(), d.workerToken));
    WorkerRuntime second = WorkerRuntime.create(settings, bus, TimeSource.system());
    CompletableFuture<Integer> secondExit = second.runInBackground();
    int n = 30;
    assertTrue(second.awaitReady(Duration.ofSeconds(10)));
    try {
      EventBus caller = d.bus("caller");
      for (int i = 0; i < n; i++) {
        caller.publish("bus.vm.status.request", "pair-" + i, TestPayloads.json(Map.of()));
      }
      awaitResponses("bus.vm.status.response", n);
    } finally {
      second.stop();
      assertEquals(0, secondExit.get(30, TimeUnit.SECONDS));
      bus.close();
    }
    assertEquals(0, d.stopWorker());
    Map<String, Integer> seen = responses("bus.vm.status.response");
    assertEquals(n, seen.size());
    seen.forEach((k, v) -> assertEquals(1, v, "answers for " + k));
  }

  @Test
  void onceHandlesExactlyOneRequestAndExitsZero() throws Exception {
    d.startWorker(List.of("--vm-name=gpu", "--once"));
    BusEvent answer = d.request("bus.vm.status.request", Map.of());
    assertEquals("bus.vm.status.response", answer.name());
    assertEquals(0, d.stopWorker());
    assertEquals(
        Map.of(answer.correlationId().orElseThrow(), 1), responses("bus.vm.status.response"));
  }

  @Test
  void stopLetsAnInFlightRequestAnswerBeforeExiting() throws Exception {
    d.upcloud.seedServer("gpu", "stopped");
    String uuid = d.upcloud.servers().iterator().next();
    d.upcloud.holdInMaintenance(uuid, Duration.ofMillis(600));
    d.startWorker(
        List.of(
            "--provider=upcloud",
            "--vm-name=gpu",
            "--upcloud-poll-interval=50ms",
            "--vm-action-timeout=5s",
            "--shutdown-grace=10s"));
    d.bus("caller").publish("bus.vm.start.request", "in-flight", TestPayloads.json(Map.of()));
    // Stop while the start waits out maintenance: UpCloud has been asked for the VM.
    assertTrue(
        d.upcloud.awaitCount("GET /server/{uuid}", 1, Duration.ofSeconds(10)),
        "the start is in flight: UpCloud was asked for the VM");
    assertEquals(0, d.stopWorker());
    assertEquals(Map.of("in-flight", 1), responses("bus.vm.start.response"));
    assertEquals("started", d.upcloud.state(uuid));
  }

  /** Waits until {@code n} correlation ids were answered, checking at each published event. */
  private void awaitResponses(String name, int n) throws InterruptedException {
    assertTrue(
        d.events.awaitPublished(events -> responses(name).size() >= n, Duration.ofSeconds(20)),
        () -> "only " + responses(name).size() + " of " + n + " answered");
  }
}
