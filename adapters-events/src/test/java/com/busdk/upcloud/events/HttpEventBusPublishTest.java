package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.testkit.FakeTime;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishing exactly once over a network that loses things: an event stored by the Events API whose
 * answer was lost is not published again, and an outage longer than a few attempts delays an answer
 * rather than losing it. Retry pauses go through {@link FakeTime}, so minutes of backoff take no
 * real time.
 */
@Timeout(120)
class HttpEventBusPublishTest {
  private static final String RESPONSE = "bus.vm.status.response";
  private static final Duration RETRY_MAX = Duration.ofSeconds(30);

  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();
  private final String token = Fixtures.token(server, Fixtures.ALL_SCOPES);
  private final FakeTime time = new FakeTime();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void eventsStoredBeforeTheirAnswerWasLostAreNotPublishedAgain() throws Exception {
    int count = 300;
    try (ReplyLosingProxy proxy = new ReplyLosingProxy(server.baseUrl(), 300L, 0.15, 0.2);
        HttpEventBus bus =
            HttpEventBus.create(settings(proxy.url(), Duration.ofMinutes(10)), time)) {
      for (int i = 0; i < count; i++) {
        bus.publish(RESPONSE, "answer-" + i, TestPayloads.json(Map.of("n", i)));
      }

      Map<String, Integer> stored = storedPerCorrelationId();
      assertEquals(count, stored.size(), "every answer stored");
      stored.forEach((id, times) -> assertEquals(1, times, id + " stored once"));
      assertTrue(proxy.lostReplies.get() > 30, "replies lost: " + proxy.lostReplies);
      assertTrue(proxy.lostRequests.get() > 20, "requests lost: " + proxy.lostRequests);
    }
  }

  @Test
  void anAnswerRefusedWith503ForMinutesIsPublishedOnceWhenTheBusRecovers() throws Exception {
    try (ReplyLosingProxy proxy = new ReplyLosingProxy(server.baseUrl(), 1L, 0, 0);
        HttpEventBus bus =
            HttpEventBus.create(settings(proxy.url(), Duration.ofMinutes(10)), time)) {
      EventsServerFaults.of(server).failNextPublishes(25, 503);

      bus.publish("bus.vm.start.response", "start-1", TestPayloads.json(Map.of("accepted", true)));

      List<BusEvent> published = server.published();
      assertEquals(1, published.size());
      assertEquals("start-1", published.get(0).correlationId().orElseThrow());
      List<Duration> pauses = time.sleeps();
      assertEquals(25, pauses.size(), "one pause before each retry");
      assertTrue(pauses.stream().allMatch(p -> p.compareTo(RETRY_MAX) <= 0), pauses.toString());
      Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
      assertTrue(waited.compareTo(Duration.ofMinutes(3)) > 0, "kept trying: " + waited);
      assertEquals(0, proxy.replays.get(), "a 503 is a refusal, not a doubt: no look-up");
    }
  }

  @Test
  void aPublishGivesUpOnlyAtItsDeadline() throws Exception {
    try (HttpEventBus bus =
        HttpEventBus.create(settings(server.baseUrl().toString(), Duration.ofMinutes(2)), time)) {
      EventsServerFaults.of(server).failNextPublishes(Integer.MAX_VALUE, 503);
      Instant started = time.now();

      EventBusException failure =
          assertThrows(
              EventBusException.class,
              () -> bus.publish(RESPONSE, "late", TestPayloads.json(Map.of())));

      assertEquals(EventBusException.Kind.UNAVAILABLE, failure.kind());
      assertEquals(EventBusException.Kind.UNAVAILABLE, failure.kind());
      Duration tried = Duration.between(started, time.now());
      assertTrue(tried.compareTo(Duration.ofMinutes(2)) <= 0, tried.toString());
      assertTrue(tried.compareTo(Duration.ofMinutes(2).minus(RETRY_MAX)) >= 0, tried.toString());
      assertTrue(server.published().isEmpty());
    }
  }

  private Map<String, Integer> storedPerCorrelationId() {
    Map<String, Integer> stored = new TreeMap<>();
    for (BusEvent event : server.published()) {
      stored.merge(event.correlationId().orElse(""), 1, Integer::sum);
    }
    return stored;
  }

  private EventsSettings settings(String url, Duration publishFor) {
    return new EventsSettings(
        url,
        token,
        publishFor,
        Duration.ofMillis(200),
        true,
        Duration.ofMillis(20),
        RETRY_MAX,
        Duration.ofSeconds(2));
  }
}
