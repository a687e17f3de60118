package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.ScriptRequest;
import com.busdk.upcloud.ports.ScriptResult;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A response published while the worker's broadcast response stream is down is found by the replay
 * that follows the reconnect. The worker reconnects after a fixed pause, long enough for the test
 * to publish into the gap and short enough to keep the suite fast; every call waits up to 30 s, so
 * a call that ends within a few seconds was answered by the catch-up.
 */
@Timeout(20)
class EventsRemoteScriptsCatchUpTest {
  private static final String REQUEST = "bus.ssh.script.run.request";
  private static final String RESPONSE = "bus.ssh.script.run.response";
  private static final Duration RECONNECT_PAUSE = Duration.ofMillis(700);
  private static final Duration QUICKLY = Duration.ofSeconds(5);
  private static final ScriptRequest SLOW =
      new ScriptRequest(
          "printf OK",
          List.of(new ScriptRequest.Target("10.0.0.5", 22)),
          List.of(),
          30,
          null,
          null);

  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();
  private final HttpEventBus runner = Fixtures.bus(server);
  private HttpEventBus bus;
  private EventsRemoteScripts scripts;

  @AfterEach
  void stop() {
    if (scripts != null) {
      scripts.close();
    }
    if (bus != null) {
      bus.close();
    }
    runner.close();
    server.close();
  }

  @Test
  void completesAPendingCallWhoseResponseWasPublishedWhileTheListenerWasDown() throws Exception {
    start();
    CompletableFuture<ScriptResult> first = runAsync("call-a");
    CompletableFuture<ScriptResult> second = runAsync("call-b");
    awaitRequests(2);

    dropTheListener();
    runner.publish(
        RESPONSE, "call-a", TestPayloads.json(Map.of("exit_code", 0, "stdout", "from the gap")));
    runner.publish(
        RESPONSE,
        "call-b-foreign",
        TestPayloads.json(Map.of("exit_code", 9, "stdout", "not ours")));
    assertFalse(scripts.listenerConnected(), "the responses went out before the reconnect");

    ScriptResult recovered = first.get(QUICKLY.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(0, recovered.exitCode());
    assertEquals("from the gap", recovered.stdout());
    assertTrue(scripts.listenerConnected());
    assertFalse(second.isDone(), "a foreign response in the replay completes nothing");
    assertEquals(1, scripts.pendingCalls());

    runner.publish(RESPONSE, "call-b", TestPayloads.json(Map.of("exit_code", 3, "stdout", "live")));
    ScriptResult live = second.get(QUICKLY.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(3, live.exitCode());
    assertEquals("live", live.stdout());
    assertEquals(0, scripts.pendingCalls());
  }

  @Test
  void repeatedAndEarlierResponsesInTheReplayAreHarmless() throws Exception {
    start();
    Subscription answering = answerRequestsWith("first");
    assertEquals("first", scripts.run("reused", SLOW).stdout());
    answering.close();

    // Same correlation id again: the replay holds the earlier answer as well as the new one.
    Fixtures.Inbox requests = new Fixtures.Inbox();
    assertTrue(
        runner
            .subscribe(REQUEST, Delivery.unicast("quiet-runner", "r2"), requests::add)
            .awaitConnected(Fixtures.WAIT));
    CompletableFuture<ScriptResult> again = runAsync("reused");
    requests.next();
    dropTheListener();
    runner.publish(
        RESPONSE, "reused", TestPayloads.json(Map.of("exit_code", 0, "stdout", "second")));
    assertFalse(scripts.listenerConnected(), "the response went out before the reconnect");

    assertEquals("second", again.get(QUICKLY.toMillis(), TimeUnit.MILLISECONDS).stdout());

    // The answer the replay delivered arrives live once more, and then a reconnect replays all.
    runner.publish(
        RESPONSE, "reused", TestPayloads.json(Map.of("exit_code", 0, "stdout", "second")));
    CompletableFuture<ScriptResult> next = runAsync("next");
    requests.next();
    dropTheListener();
    Fixtures.await(scripts::listenerConnected, "the listener to reconnect");
    runner.publish(RESPONSE, "next", TestPayloads.json(Map.of("exit_code", 0, "stdout", "third")));
    assertEquals("third", next.get(QUICKLY.toMillis(), TimeUnit.MILLISECONDS).stdout());
    assertEquals(0, scripts.pendingCalls());
  }

  @Test
  void worksWithoutCatchUpOnABusThatCannotReplay() throws Exception {
    try (InMemoryEventBus memory = new InMemoryEventBus()) {
      memory.subscribe(
          REQUEST,
          Delivery.unicast("ssh-runner", "r1"),
          event ->
              memory.publish(
                  RESPONSE,
                  event.correlationId().orElseThrow(),
                  TestPayloads.json(Map.of("exit_code", 0, "stdout", "in memory"))));
      scripts = new EventsRemoteScripts(memory, Duration.ZERO);
      scripts.start(Fixtures.WAIT);

      assertEquals("in memory", scripts.run("mem-1", SLOW).stdout());
      scripts.close();
      scripts = null;
    }
  }

  private void start() throws InterruptedException {
    EventsSettings settings =
        new EventsSettings(
            server.baseUrl().toString(),
            Fixtures.token(server, Fixtures.ALL_SCOPES),
            Duration.ofSeconds(2),
            Duration.ofMillis(5),
            true,
            RECONNECT_PAUSE,
            RECONNECT_PAUSE,
            Duration.ofSeconds(2));
    bus = Fixtures.create(settings);
    scripts = new EventsRemoteScripts(bus, Duration.ZERO);
    scripts.start(Fixtures.WAIT);
  }

  private CompletableFuture<ScriptResult> runAsync(String correlationId) {
    return CompletableFuture.supplyAsync(() -> scripts.run(correlationId, SLOW));
  }

  private void awaitRequests(int count) throws InterruptedException {
    assertTrue(
        server.awaitPublished(
            all -> all.stream().map(BusEvent::name).filter(REQUEST::equals).count() == count,
            Fixtures.WAIT),
        count + " requests to be published");
  }

  private Subscription answerRequestsWith(String stdout) throws InterruptedException {
    Subscription answering =
        runner.subscribe(
            REQUEST,
            Delivery.unicast("answering-runner", "r1"),
            event ->
                runner.publish(
                    RESPONSE,
                    event.correlationId().orElseThrow(),
                    TestPayloads.json(Map.of("exit_code", 0, "stdout", stdout))));
    assertTrue(answering.awaitConnected(Fixtures.WAIT));
    return answering;
  }

  /**
   * Ends the worker's stream and waits until the worker has seen it end: only then has the server
   * stopped writing to it, so what is published next can reach the worker by the replay alone.
   */
  private void dropTheListener() throws InterruptedException {
    Fixtures.await(scripts::listenerConnected, "the listener to be connected");
    EventsServerFaults.of(server).dropStreams();
    Fixtures.await(() -> !scripts.listenerConnected(), "the listener to notice the drop");
  }
}
