package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.StatusPayload;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryEventBusTest {
  private final InMemoryEventBus bus = new InMemoryEventBus("provider-identity");

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void unicastGroupClaimsEventsPublishedBeforeItSubscribed() throws Exception {
    bus.publish("bus.vm.status.request", "early-1", TestPayloads.json(Map.of()));
    bus.publish("bus.vm.status.request", "early-2", TestPayloads.json(Map.of()));
    Fixtures.Inbox inbox = new Fixtures.Inbox();

    bus.subscribe("bus.vm.status.request", Delivery.unicast("workers", "w1"), inbox::add);

    assertEquals("early-1", inbox.next().correlationId().orElseThrow());
    assertEquals("early-2", inbox.next().correlationId().orElseThrow());
  }

  @Test
  void eventsOfAClosedConsumerGoToTheRestOfItsGroup() throws Exception {
    Fixtures.Inbox first = new Fixtures.Inbox();
    Subscription gone = bus.subscribe("work", Delivery.unicast("g", "a"), first::add);
    gone.close();
    bus.publish("work", "while-nobody-listens", TestPayloads.json(Map.of()));
    Fixtures.Inbox second = new Fixtures.Inbox();

    bus.subscribe("work", Delivery.unicast("g", "b"), second::add);

    assertEquals("while-nobody-listens", second.next().correlationId().orElseThrow());
    assertNull(first.poll(Duration.ofMillis(50)));
  }

  @Test
  void stampsThePublisherIdentityAndAnEventId() throws Exception {
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    bus.subscribe("a.b", Delivery.broadcast(), inbox::add);

    String id = bus.publish("a.b", "c", TestPayloads.json(Map.of())).id();

    BusEvent event = inbox.next();
    assertEquals("provider-identity", event.identityId().orElseThrow());
    assertEquals(id, event.id());
    assertEquals(true, id.startsWith("evt_"));
  }

  @Test
  void malformedRawLinesAreSkippedAndDeliveryGoesOn() throws Exception {
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    bus.subscribe("raw", Delivery.broadcast(), inbox::add);

    bus.publishRaw("raw", "not json at all");
    bus.publishRaw("raw", "[\"an\",\"array\"]");
    bus.publishRaw("raw", "{\"name\":\"raw\",\"correlationId\":\"ok\",\"payload\":{\"state\":1}}");

    BusEvent event = inbox.next();
    assertEquals("ok", event.correlationId().orElseThrow());
    assertThrows(PayloadException.class, () -> event.payloadAs(StatusPayload.class));
    assertNull(inbox.poll(Duration.ofMillis(50)));
  }

  @Test
  void handlersMayPublishFromTheDeliveryThread() throws Exception {
    Fixtures.Inbox responses = new Fixtures.Inbox();
    bus.subscribe("responses", Delivery.broadcast(), responses::add);
    bus.subscribe(
        "requests",
        Delivery.unicast("workers", "w"),
        request ->
            bus.publish(
                "responses", request.correlationId().orElseThrow(), TestPayloads.json(Map.of())));

    bus.publish("requests", "ping", TestPayloads.json(Map.of()));

    assertEquals("ping", responses.next().correlationId().orElseThrow());
  }

  @Test
  void aFailingHandlerDoesNotStopTheSubscription() throws Exception {
    Fixtures.Inbox inbox = new Fixtures.Inbox();
    bus.subscribe(
        "flaky",
        Delivery.broadcast(),
        event -> {
          if (event.correlationId().orElseThrow().equals("boom")) {
            throw new IllegalStateException("handler bug");
          }
          inbox.add(event);
        });

    bus.publish("flaky", "boom", TestPayloads.json(Map.of()));
    bus.publish("flaky", "fine", TestPayloads.json(Map.of()));

    assertEquals("fine", inbox.next().correlationId().orElseThrow());
  }
}
