package com.busdk.upcloud.testkit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.ContainerRunRequest;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link EventBus} must show, run against the in-memory bus and against the
 * HTTP adapter talking to a real server. Subclasses supply a fresh bus per test; its token (if any)
 * must allow {@code events:send} and {@code events:listen}.
 */
@Timeout(20)
public abstract class EventBusContract {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration QUIET = Duration.ofMillis(300);

  private EventBus bus;
  private final List<Subscription> subscriptions = new ArrayList<>();

  /** A new, open bus. Called once before each test. */
  protected abstract EventBus newBus() throws Exception;

  /** Releases what {@link #newBus()} started besides the bus; the bus itself is closed already. */
  protected void cleanUp() throws Exception {}

  @BeforeEach
  final void openBus() throws Exception {
    bus = newBus();
  }

  @AfterEach
  final void closeBus() throws Exception {
    subscriptions.forEach(Subscription::close);
    bus.close();
    cleanUp();
  }

  @Test
  void publishedEventReachesSubscriberWithCorrelationIdAndPayload() throws Exception {
    Inbox inbox = new Inbox();
    subscribe("contract.roundtrip", Delivery.broadcast(), inbox);

    PublishReceipt receipt =
        bus.publish(
            "contract.roundtrip",
            "corr-1",
            TestPayloads.json(
                Map.of(
                    "profile", "codex", "timeout_seconds", 30, "command", List.of("echo", "ok"))));

    BusEvent event = inbox.next();
    assertEquals("contract.roundtrip", event.name());
    assertEquals("corr-1", event.correlationId().orElseThrow());
    assertFalse(event.id().isEmpty(), "the bus assigns an event id");
    assertEquals(receipt.id(), event.id());
    assertTrue(event.publishedAt().isPresent(), "the publish time is known");
    ContainerRunRequest request = event.payloadAs(ContainerRunRequest.class);
    assertEquals("codex", request.profile());
    assertEquals(30L, request.timeoutSeconds());
    assertEquals(List.of("echo", "ok"), request.exec().effectiveCommand());
  }

  @Test
  void recordPayloadTravelsWithSnakeCaseNames() throws Exception {
    Inbox inbox = new Inbox();
    subscribe("contract.record", Delivery.broadcast(), inbox);

    bus.publish(
        "contract.record",
        "corr-2",
        TestPayloads.json(
            ContainerRunRequest.ofProfile("codex", null)
                .withTimeoutSeconds(45L)
                .withRunId("run_1")));

    BusEvent event = inbox.next();
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = event.payloadAs(Map.class);
    assertEquals(45, ((Number) raw.get("timeout_seconds")).intValue());
    assertEquals("run_1", raw.get("run_id"));
    assertFalse(raw.containsKey("image"), "null fields are left out");
  }

  @Test
  void payloadOfTheWrongShapeFailsWithTheFieldName() throws Exception {
    Inbox inbox = new Inbox();
    subscribe("contract.bad", Delivery.broadcast(), inbox);

    bus.publish(
        "contract.bad", "corr-3", TestPayloads.json(Map.of("state", 42, "provider", List.of())));

    BusEvent event = inbox.next();
    PayloadException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            PayloadException.class, () -> event.payloadAs(StatusPayload.class));
    assertTrue(
        failure.getMessage().startsWith("provider"),
        "message names the field: " + failure.getMessage());
  }

  @Test
  void broadcastReachesEverySubscriber() throws Exception {
    Inbox first = new Inbox();
    Inbox second = new Inbox();
    subscribe("contract.broadcast", Delivery.broadcast(), first);
    subscribe("contract.broadcast", Delivery.broadcast(), second);

    bus.publish("contract.broadcast", "corr-b", TestPayloads.json(Map.of("n", 1)));

    assertEquals("corr-b", first.next().correlationId().orElseThrow());
    assertEquals("corr-b", second.next().correlationId().orElseThrow());
  }

  @Test
  void unicastDeliversEachEventToOneConsumerOfTheGroup() throws Exception {
    Inbox all = new Inbox();
    subscribe("contract.unicast", Delivery.unicast("workers", "worker-a"), all);
    subscribe("contract.unicast", Delivery.unicast("workers", "worker-b"), all);

    int count = 10;
    for (int i = 0; i < count; i++) {
      bus.publish("contract.unicast", "corr-" + i, TestPayloads.json(Map.of("n", i)));
    }

    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      assertTrue(seen.add(all.next().correlationId().orElseThrow()), "delivered once");
    }
    assertNull(all.poll(QUIET), "no event is delivered a second time");
  }

  @Test
  void everyGroupGetsItsOwnCopy() throws Exception {
    Inbox billing = new Inbox();
    Inbox audit = new Inbox();
    subscribe("contract.groups", Delivery.unicast("billing", "billing-1"), billing);
    subscribe("contract.groups", Delivery.unicast("audit", "audit-1"), audit);

    bus.publish("contract.groups", "corr-g", TestPayloads.json(Map.of("n", 1)));

    assertEquals("corr-g", billing.next().correlationId().orElseThrow());
    assertEquals("corr-g", audit.next().correlationId().orElseThrow());
    assertNull(billing.poll(QUIET));
    assertNull(audit.poll(Duration.ZERO));
  }

  @Test
  void closedSubscriptionReceivesNothingMore() throws Exception {
    Inbox inbox = new Inbox();
    Subscription subscription = subscribe("contract.close", Delivery.broadcast(), inbox);
    bus.publish("contract.close", "before", TestPayloads.json(Map.of()));
    assertEquals("before", inbox.next().correlationId().orElseThrow());

    subscription.close();
    subscription.termination().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertFalse(subscription.isConnected());
    bus.publish("contract.close", "after", TestPayloads.json(Map.of()));

    assertNull(inbox.poll(QUIET), "nothing arrives after close()");
  }

  private Subscription subscribe(String name, Delivery delivery, Inbox inbox) throws Exception {
    Subscription subscription = bus.subscribe(name, delivery, inbox::add);
    subscriptions.add(subscription);
    assertTrue(subscription.awaitConnected(WAIT), name + " connects");
    assertEquals(name, subscription.name());
    return subscription;
  }

  /** Collects delivered events for the test thread. */
  private static final class Inbox {
    private final LinkedBlockingQueue<BusEvent> events = new LinkedBlockingQueue<>();

    void add(BusEvent event) {
      events.add(event);
    }

    BusEvent next() throws InterruptedException {
      BusEvent event = poll(WAIT);
      assertNotNull(event, "an event arrives within " + WAIT);
      return event;
    }

    BusEvent poll(Duration timeout) throws InterruptedException {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
