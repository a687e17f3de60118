package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token source that renews after 401: publishes and streams go on with the new token. */
class TokenRenewalTest {
  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0, "renewal-secret").start();
  private final EmbeddedEventsServer stranger = new EmbeddedEventsServer(0, "another-secret");
  private final AtomicReference<String> token =
      new AtomicReference<>(
          stranger.mintToken(
              "worker",
              EmbeddedEventsServer.API_AUDIENCE,
              EmbeddedEventsServer.DEVELOPMENT_SCOPES,
              Duration.ofHours(1)));
  private final String valid =
      server.mintToken(
          "worker",
          EmbeddedEventsServer.API_AUDIENCE,
          EmbeddedEventsServer.DEVELOPMENT_SCOPES,
          Duration.ofHours(1));
  private final AtomicInteger refusals = new AtomicInteger();
  private final List<String> observed = new CopyOnWriteArrayList<>();
  private final CountDownLatch reconnected = new CountDownLatch(1);
  private HttpEventBus bus;

  @AfterEach
  void close() {
    if (bus != null) {
      bus.close();
    }
    server.close();
  }

  private HttpEventBus bus(boolean renews) {
    EventsToken source =
        new EventsToken() {
          @Override
          public String current() {
            return token.get();
          }

          @Override
          public boolean renewAfterRefusal(String rejected) {
            refusals.incrementAndGet();
            if (renews) {
              token.set(valid);
            }
            return renews;
          }
        };
    StreamObserver observer =
        new StreamObserver() {
          @Override
          public void connected(String name, boolean reconnect) {
            observed.add("connected " + name + (reconnect ? " again" : ""));
            if (reconnect) {
              reconnected.countDown();
            }
          }

          @Override
          public void disconnected(String name) {
            observed.add("disconnected " + name);
          }
        };
    bus =
        HttpEventBus.create(
            EventsSettings.of(server.collectionUrl().toString(), "unused-initial-token"),
            source,
            observer);
    return bus;
  }

  @Test
  void aRefusedPublishIsRepeatedOnceWithTheRenewedToken() {
    bus(true).publish("example.ping", "c-1", TestPayloads.json(java.util.Map.of("ok", true)));
    assertEquals(1, refusals.get());
    assertEquals(1, server.published().size());
  }

  @Test
  void aRefusedPublishWithoutRenewalSurfaces() {
    EventBusException e =
        assertThrows(
            EventBusException.class,
            () -> bus(false).publish("example.ping", "c-1", TestPayloads.json(java.util.Map.of())));
    assertEquals(EventBusException.Kind.UNAUTHORIZED, e.kind());
    assertTrue(server.published().isEmpty());
  }

  @Test
  void aRefusedStreamKeepsTryingAndConnectsWithTheRenewedToken() throws Exception {
    Subscription s = bus(true).subscribe("example.ping", Delivery.broadcast(), event -> {});
    assertTrue(s.awaitConnected(Duration.ofSeconds(10)));
    assertEquals(1, refusals.get());
    assertEquals(List.of("connected example.ping"), observed);
    EventsServerFaults.of(server).dropStreams();
    assertTrue(reconnected.await(10, TimeUnit.SECONDS), "reconnected: " + observed);
    assertEquals(
        List.of(
            "connected example.ping", "disconnected example.ping", "connected example.ping again"),
        observed);
  }

  @Test
  void aRefusedStreamWithoutRenewalEnds() {
    Subscription s = bus(false).subscribe("example.ping", Delivery.broadcast(), event -> {});
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> s.termination().orTimeout(10, TimeUnit.SECONDS).join());
    assertTrue(
        e.getCause() instanceof EventBusException refused && refused.isAuthFailure(),
        String.valueOf(e.getCause()));
    assertFalse(s.isConnected());
  }
}
