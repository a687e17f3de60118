package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus's read-only probe against the embedded Events API: accepted, refused with the stream's
 * classification, unreachable, and never consuming a queued request.
 */
class EventsProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String NAME = "bus.vm.status.request";

  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0, "probe-secret").start();
  private HttpEventBus bus;

  @AfterEach
  void close() {
    if (bus != null) {
      bus.close();
    }
    server.close();
  }

  @Test
  void acceptedTokenPassesAndNamesTheCollection() {
    bus = bus(token(List.of("vm:read")));
    EventsProbe probe = bus.probe();
    probe.stream(NAME, TIMEOUT);
    assertEquals(server.collectionUrl(), probe.collection());
  }

  @Test
  void missingScopeIsForbiddenNamingTheScope() {
    bus = bus(token(List.of("vm:write")));
    EventBusException e =
        assertThrows(EventBusException.class, () -> bus.probe().stream(NAME, TIMEOUT));
    assertEquals(EventBusException.Kind.FORBIDDEN, e.kind());
    assertEquals(
        "Events API refused the stream for " + NAME + " (403): token lacks scope vm:read",
        e.getMessage());
  }

  @Test
  void unknownTokenIsUnauthorized() {
    String foreign =
        new EmbeddedEventsServer(0, "another-secret")
            .mintToken("worker", EmbeddedEventsServer.API_AUDIENCE, List.of("vm:read"), TIMEOUT);
    bus = bus(foreign);
    EventBusException e =
        assertThrows(EventBusException.class, () -> bus.probe().stream(NAME, TIMEOUT));
    assertEquals(EventBusException.Kind.UNAUTHORIZED, e.kind());
    assertTrue(e.getMessage().contains("(401)"), e.getMessage());
  }

  @Test
  void unreachableEventsApiIsAnIoFailureNamingTheCollection() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    bus = HttpEventBus.create(EventsSettings.of(url, token(List.of("vm:read"))));
    EventBusException e =
        assertThrows(EventBusException.class, () -> bus.probe().stream(NAME, TIMEOUT));
    assertEquals(EventBusException.Kind.IO, e.kind());
    assertEquals("cannot reach " + url + "/api/v1/events: ConnectException", e.getMessage());
  }

  @Test
  void probingConsumesNoQueuedRequest() throws Exception {
    String all = token(EmbeddedEventsServer.DEVELOPMENT_SCOPES);
    bus = bus(all);
    Delivery group = Delivery.unicast("g", "c");
    // The server keeps a group's queue from the group's first stream on.
    try (Subscription first = bus.subscribe(NAME, group, event -> {})) {
      assertTrue(first.awaitConnected(TIMEOUT), "the group's first stream did not connect");
    }
    // Until the server lets go of the closed stream, that stream would take the event.
    assertTrue(server.awaitOpenStreams(n -> n == 0, TIMEOUT), "the first stream stayed open");
    bus.publish(NAME, "c-1", TestPayloads.json("{}"));
    bus.probe().stream(NAME, TIMEOUT);
    CountDownLatch delivered = new CountDownLatch(1);
    try (Subscription s = bus.subscribe(NAME, group, event -> delivered.countDown())) {
      assertTrue(delivered.await(10, TimeUnit.SECONDS), "the queued request was consumed");
    }
    assertFalse(bus.probe().toString().contains(all));
  }

  private HttpEventBus bus(String token) {
    return HttpEventBus.create(EventsSettings.of(server.collectionUrl().toString(), token));
  }

  private String token(List<String> scopes) {
    return server.mintToken("worker", EmbeddedEventsServer.API_AUDIENCE, scopes, TIMEOUT);
  }
}
