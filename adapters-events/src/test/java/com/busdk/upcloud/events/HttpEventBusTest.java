package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpEventBusTest {
  private EmbeddedEventsServer server;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startServer() {
    server = new EmbeddedEventsServer(0).start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    server.close();
  }

  @Test
  void unicastConsumerReconnectsAfterDropsWithoutLosingOrRepeatingEvents() throws Exception {
    HttpEventBus consumerBus = open(Fixtures.bus(server));
    HttpEventBus publisherBus = open(Fixtures.bus(server));
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    Subscription subscription =
        consumerBus.subscribe(
            "bus.vm.status.request", Delivery.unicast("bus-integration-upcloud", "w1"), inbox::add);
    assertTrue(subscription.awaitConnected(Fixtures.WAIT));

    int count = 60;
    AtomicInteger drops = new AtomicInteger();
    // A drop after every 15 accepted requests, each once the consumer's stream is live again.
    Thread dropper =
        new Thread(
            () -> {
              for (int i = 1; i <= 4; i++) {
                int accepted = i * 15;
                try {
                  if (!server.awaitOpenStreams(n -> n == 1, Fixtures.WAIT)
                      || !server.awaitPublished(all -> all.size() >= accepted, Fixtures.WAIT)) {
                    return;
                  }
                } catch (InterruptedException e) {
                  return;
                }
                EventsServerFaults.of(server).dropStreams();
                drops.incrementAndGet();
              }
            });
    dropper.start();
    for (int i = 0; i < count; i++) {
      publisherBus.publish(
          "bus.vm.status.request", "req-" + i, TestPayloads.json(Map.of("runtime", "vm")));
    }
    dropper.join();
    assertEquals(4, drops.get());

    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String correlationId = inbox.next().correlationId().orElseThrow();
      assertTrue(seen.add(correlationId), "delivered twice: " + correlationId);
    }
    assertNull(inbox.poll(Duration.ofMillis(200)), "no extra delivery");
    assertTrue(subscription.awaitConnected(Fixtures.WAIT), "the stream to be connected again");
    assertFalse(subscription.termination().isDone());
  }

  @Test
  void broadcastListenerReconnectsAndReceivesLaterEvents() throws Exception {
    HttpEventBus bus = open(Fixtures.bus(server));
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    Subscription subscription =
        bus.subscribe("bus.ssh.script.run.response", Delivery.broadcast(), inbox::add);
    assertTrue(subscription.awaitConnected(Fixtures.WAIT));

    EventsServerFaults.of(server).dropStreams();
    assertTrue(
        server.awaitOpenStreams(n -> n == 0, Fixtures.WAIT), "the server to drop the stream");
    assertTrue(server.awaitOpenStreams(n -> n == 1, Fixtures.WAIT), "the client to reconnect");
    bus.publish(
        "bus.ssh.script.run.response", "after-drop", TestPayloads.json(Map.of("exit_code", 0)));

    assertEquals("after-drop", inbox.next().correlationId().orElseThrow());
    assertTrue(subscription.isConnected());
  }

  @Test
  void closedUnicastConsumerLeavesNoStreamBehindToTakeItsGroupsEvents() throws Exception {
    HttpEventBus bus = open(Fixtures.bus(server));
    Subscription gone =
        bus.subscribe("example.work", Delivery.unicast("workers", "old"), event -> {});
    assertTrue(gone.awaitConnected(Fixtures.WAIT));

    gone.close();
    assertTrue(
        server.awaitOpenStreams(n -> n == 0, Fixtures.WAIT),
        "the server to notice the closed stream");
    bus.publish("example.work", "after-restart", TestPayloads.json(Map.of()));
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    bus.subscribe("example.work", Delivery.unicast("workers", "new"), inbox::add);

    assertEquals("after-restart", inbox.next().correlationId().orElseThrow());
  }

  @Test
  void malformedAndOversizedLinesAreSkippedWithoutEndingTheStream() throws Exception {
    String big =
        "{\"name\":\"x\",\"pad\":\"" + "a".repeat(EventCodec.DEFAULT_MAX_EVENT_BYTES) + "\"}\n";
    try (RawStreamServer raw =
        new RawStreamServer(
            List.of(
                "\n",
                "garbage that is not json\n",
                "[\"array\"]\n",
                big,
                "{\"id\":\"evt_1\",\"name\":\"example.ping\",\"correlationId\":\"good\","
                    + "\"payload\":{\"ok\":true}}\n",
                "{\"id\":\"evt_2\",\"name\":\"example.ping\",\"correlation_id\":\"also-good\"}\n"))) {
      HttpEventBus bus = open(HttpEventBus.create(settings(raw.url(), "raw-token", true)));
      Fixtures.Inbox inbox = new Fixtures.Inbox();
      Subscription subscription =
          bus.subscribe("example.ping", Delivery.unicast("grp", "c-1"), inbox::add);

      BusEvent first = inbox.next();
      assertEquals("good", first.correlationId().orElseThrow());
      assertEquals(Map.of("ok", true), first.payloadAs(Map.class));
      assertEquals("also-good", inbox.next().correlationId().orElseThrow());
      assertTrue(subscription.isConnected());

      RawStreamServer.Seen request = raw.requests.take();
      assertEquals("/api/v1/events/stream", request.uri().getPath());
      assertEquals(
          "name=example.ping&delivery=unicast&group=grp&consumer=c-1", request.uri().getQuery());
      assertEquals("Bearer raw-token", request.headers().getFirst("Authorization"));
      assertEquals("application/x-ndjson", request.headers().getFirst("Accept"));
    }
  }

  @Test
  void unauthorizedStreamTerminatesWithoutReconnecting() throws Exception {
    String foreign =
        new EmbeddedEventsServer(0, "another-secret")
            .mintToken("w", "ai.hg.fi/api", Fixtures.ALL_SCOPES, Duration.ofMinutes(1));
    HttpEventBus bus = open(HttpEventBus.create(Fixtures.fast(server, foreign, true)));

    Subscription subscription =
        bus.subscribe("bus.vm.status.request", Delivery.broadcast(), event -> {});

    EventBusException failure = terminationFailure(subscription);
    assertEquals(EventBusException.Kind.UNAUTHORIZED, failure.kind());
    assertEquals(EventBusException.Kind.UNAUTHORIZED, failure.kind());
    assertEquals(
        "Events API refused the stream for bus.vm.status.request (401): token invalid or expired",
        failure.getMessage());
    assertFalse(subscription.awaitConnected(Duration.ofMillis(10)));
    assertFalse(subscription.isConnected());
  }

  @Test
  void forbiddenStreamNamesTheEventAndTheMissingScope() throws Exception {
    HttpEventBus bus =
        open(
            HttpEventBus.create(
                Fixtures.fast(server, Fixtures.token(server, List.of("vm:write")), true)));

    EventBusException vm =
        terminationFailure(bus.subscribe("bus.vm.status.request", Delivery.broadcast(), e -> {}));
    assertEquals(EventBusException.Kind.FORBIDDEN, vm.kind());
    assertEquals(
        "Events API refused the stream for bus.vm.status.request (403): token lacks scope vm:read",
        vm.getMessage());

    EventBusException unlisted =
        terminationFailure(bus.subscribe("example.ping", Delivery.broadcast(), e -> {}));
    assertTrue(unlisted.getMessage().endsWith("token lacks scope events:listen"));
  }

  @Test
  void publishIsRetriedOnUnavailableAndStoredExactlyOnce() {
    HttpEventBus bus = open(Fixtures.bus(server));
    EventsServerFaults.of(server).failNextPublishes(2, 503);

    PublishReceipt receipt =
        bus.publish("bus.vm.status.response", "c-1", TestPayloads.json(Map.of("ok", true)));

    assertTrue(receipt.id().startsWith("evt_"), receipt.id());
    assertEquals("bus.vm.status.response", receipt.name());
    List<BusEvent> published = server.published();
    assertEquals(1, published.size());
    assertEquals(receipt.id(), published.get(0).id());
    assertEquals("bus-integration-upcloud", published.get(0).identityId().orElseThrow());
  }

  @Test
  void afterARefusalThatMayHaveStoredTheEventThePublishLooksBeforeSendingAgain() {
    HttpEventBus bus = open(Fixtures.bus(server));
    EventsServerFaults.of(server).failNextPublishes(2, 502);

    bus.publish("example.ping", "after-502", TestPayloads.json(Map.of()));

    assertEquals(1, server.published().size(), "not stored by the 502s, so sent again");
  }

  @Test
  void clientErrorsAreTypedAndNotRetried() {
    HttpEventBus bus =
        open(
            HttpEventBus.create(
                Fixtures.fast(server, Fixtures.token(server, List.of("events:send")), true)));

    EventBusException badName =
        assertThrows(
            EventBusException.class,
            () -> bus.publish("bad name!", "c", TestPayloads.json(Map.of())));
    assertEquals(EventBusException.Kind.BAD_REQUEST, badName.kind());
    assertTrue(badName.getMessage().contains("invalid event name"), badName.getMessage());

    EventBusException forbidden =
        assertThrows(
            EventBusException.class,
            () -> bus.publish("bus.vm.status.response", "c", TestPayloads.json(Map.of())));
    assertEquals(EventBusException.Kind.FORBIDDEN, forbidden.kind());
    assertEquals(
        "Events API refused publishing bus.vm.status.response (403): token lacks scope vm:read",
        forbidden.getMessage());

    EventsServerFaults.of(server).failNextPublishes(1, 401);
    EventBusException unauthorized =
        assertThrows(
            EventBusException.class,
            () -> bus.publish("example.ping", "c", TestPayloads.json(Map.of())));
    assertEquals(EventBusException.Kind.UNAUTHORIZED, unauthorized.kind());
    assertTrue(server.published().isEmpty());
  }

  @Test
  void publishToAnUnreachableServerIsAnIoFailure() {
    EventsSettings settings = Fixtures.fast(server, "t", true);
    server.close();
    HttpEventBus bus = open(HttpEventBus.create(settings));

    EventBusException failure =
        assertThrows(
            EventBusException.class,
            () -> bus.publish("example.ping", "c", TestPayloads.json(Map.of())));

    assertEquals(EventBusException.Kind.IO, failure.kind());
    assertInstanceOf(java.io.IOException.class, failure.getCause());
  }

  @Test
  void withoutRetryAnEndedStreamTerminatesTheSubscription() throws Exception {
    HttpEventBus bus =
        open(
            HttpEventBus.create(
                Fixtures.fast(server, Fixtures.token(server, Fixtures.ALL_SCOPES), false)));
    Subscription subscription = bus.subscribe("example.ping", Delivery.broadcast(), e -> {});
    assertTrue(subscription.awaitConnected(Fixtures.WAIT));

    EventsServerFaults.of(server).dropStreams();

    EventBusException failure = terminationFailure(subscription);
    assertEquals(EventBusException.Kind.IO, failure.kind());
    assertTrue(failure.getMessage().contains("reconnecting is disabled"));
  }

  @Test
  void closeUnblocksTheReaderPromptly() throws Exception {
    HttpEventBus bus = Fixtures.bus(server);
    Subscription subscription = bus.subscribe("example.idle", Delivery.broadcast(), e -> {});
    assertTrue(subscription.awaitConnected(Fixtures.WAIT));

    long started = System.nanoTime();
    bus.close();

    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_000,
        "close() returns promptly");
    subscription.termination().get(1, TimeUnit.SECONDS);
    assertFalse(subscription.isConnected());
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("events-stream-example.idle") && t.isAlive()),
        "the reader thread ended");
    assertThrows(
        IllegalStateException.class,
        () -> bus.publish("example.ping", "c", TestPayloads.json(Map.of())));
  }

  @Test
  void replayHandsOverTheStoredEventsOfOneNameAndThenEnds() throws Exception {
    HttpEventBus bus = open(Fixtures.bus(server));
    bus.publish("example.ping", "p-1", TestPayloads.json(Map.of("n", 1)));
    bus.publish("example.other", "o-1", TestPayloads.json(Map.of()));
    bus.publish("example.ping", "p-2", TestPayloads.json(Map.of("n", 2)));
    List<BusEvent> replayed = new ArrayList<>();

    int handed = bus.replay("example.ping", StreamOptions.defaults(), Fixtures.WAIT, replayed::add);

    assertEquals(2, handed);
    assertEquals(
        List.of("p-1", "p-2"),
        replayed.stream().map(event -> event.correlationId().orElseThrow()).toList());
    assertEquals(Map.of("n", 2), replayed.get(1).payloadAs(Map.class));
    assertEquals(0, server.openStreams());
  }

  @Test
  void replayAsksForABroadcastSnapshotAndGivesUpOnAStalledAnswer() throws Exception {
    try (RawStreamServer raw =
        new RawStreamServer(
            List.of(
                "{\"id\":\"evt_1\",\"name\":\"example.ping\",\"correlationId\":\"early\"}\n",
                "not json\n"))) {
      HttpEventBus bus = open(HttpEventBus.create(settings(raw.url(), "raw-token", true)));
      List<BusEvent> replayed = new ArrayList<>();

      long started = System.nanoTime();
      EventBusException failure =
          assertThrows(
              EventBusException.class,
              () ->
                  bus.replay(
                      "example.ping",
                      StreamOptions.defaults(),
                      Duration.ofMillis(300),
                      replayed::add));

      assertEquals(EventBusException.Kind.IO, failure.kind());
      assertEquals("replaying example.ping took longer than PT0.3S", failure.getMessage());
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 2_000);
      assertEquals(1, replayed.size(), "what arrived before the cut-off was handed over");
      RawStreamServer.Seen request = raw.requests.take();
      assertEquals("/api/v1/events/stream", request.uri().getPath());
      assertEquals(
          "name=example.ping&delivery=broadcast&replay=true&follow=false",
          request.uri().getQuery());
      assertEquals("Bearer raw-token", request.headers().getFirst("Authorization"));
    }
  }

  @Test
  void closingTheBusEndsAStalledReplayAtOnce() throws Exception {
    try (RawStreamServer raw = new RawStreamServer(List.of("\n"))) {
      HttpEventBus bus = HttpEventBus.create(settings(raw.url(), "raw-token", true));
      CompletableFuture<EventBusException> replay =
          CompletableFuture.supplyAsync(
              () ->
                  assertThrows(
                      EventBusException.class,
                      () ->
                          bus.replay(
                              "example.ping",
                              StreamOptions.defaults(),
                              Duration.ofMinutes(1),
                              event -> {})));
      raw.requests.take();

      bus.close();

      EventBusException failure = replay.get(2, TimeUnit.SECONDS);
      assertEquals(
          "replaying example.ping was cut short: the event bus is closed", failure.getMessage());
    }
  }

  @Test
  void replayWithoutTheListenScopeIsRefused() {
    HttpEventBus bus =
        open(
            HttpEventBus.create(
                Fixtures.fast(server, Fixtures.token(server, List.of("vm:read")), true)));

    EventBusException failure =
        assertThrows(
            EventBusException.class,
            () ->
                bus.replay(
                    "bus.ssh.script.run.response",
                    StreamOptions.defaults(),
                    Fixtures.WAIT,
                    event -> {}));

    assertEquals(EventBusException.Kind.FORBIDDEN, failure.kind());
    assertEquals(EventBusException.Kind.FORBIDDEN, failure.kind());
    assertTrue(failure.getMessage().endsWith("token lacks scope ssh:run"), failure.getMessage());
  }

  @Test
  void reconnectHookRunsAfterEachReconnectButNotTheFirstConnect() throws Exception {
    HttpEventBus bus = open(Fixtures.bus(server));
    AtomicInteger reconnects = new AtomicInteger();
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    Subscription subscription =
        bus.subscribe(
            "example.ping",
            Delivery.broadcast(),
            inbox::add,
            StreamOptions.defaults().withReconnectListener(reconnects::incrementAndGet));
    assertTrue(subscription.awaitConnected(Fixtures.WAIT));
    assertEquals(0, reconnects.get());

    for (int drop = 1; drop <= 2; drop++) {
      EventsServerFaults.of(server).dropStreams();
      int expected = drop;
      Fixtures.await(() -> reconnects.get() == expected, "reconnect number " + drop);
    }

    bus.publish("example.ping", "after", TestPayloads.json(Map.of()));
    assertEquals("after", inbox.next().correlationId().orElseThrow());
    assertEquals(2, reconnects.get());
  }

  private static EventBusException terminationFailure(Subscription subscription) {
    CompletionException failure =
        assertThrows(
            CompletionException.class,
            () -> subscription.termination().orTimeout(5, TimeUnit.SECONDS).join());
    return assertInstanceOf(EventBusException.class, failure.getCause());
  }

  private static EventsSettings settings(String url, String token, boolean retry) {
    return new EventsSettings(
        url,
        token,
        Duration.ofSeconds(2),
        Duration.ofMillis(5),
        retry,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        Duration.ofSeconds(2));
  }

  private <T extends AutoCloseable> T open(T closeable) {
    closeables.add(closeable);
    return closeable;
  }
}
