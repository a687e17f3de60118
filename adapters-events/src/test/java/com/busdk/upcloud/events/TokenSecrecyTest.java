package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bearer token must never reach a log line, an exception message or a toString(). */
@Timeout(20)
class TokenSecrecyTest {

  @Test
  void tokenNeverAppearsInLogsOrMessages() throws Exception {
    List<String> texts = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (EmbeddedEventsServer server = new EmbeddedEventsServer(0).start()) {
      String good = Fixtures.token(server, Fixtures.ALL_SCOPES);
      String narrow = Fixtures.token(server, List.of("events:send"));
      String foreign =
          new EmbeddedEventsServer(0, "x")
              .mintToken("w", "ai.hg.fi/api", Fixtures.ALL_SCOPES, Duration.ofMinutes(1));
      tokens.addAll(List.of(good, narrow, foreign));

      try (HttpEventBus bus = HttpEventBus.create(Fixtures.fast(server, good, true))) {
        texts.add(bus.toString());
        EventsServerFaults.of(server).failNextPublishes(2, 503);
        bus.publish("example.ping", "c", TestPayloads.json(Map.of()));
        EventsServerFaults.of(server).failNextPublishes(Integer.MAX_VALUE, 500);
        texts.add(
            assertThrows(
                    EventBusException.class,
                    () -> bus.publish("example.ping", "c-2", TestPayloads.json(Map.of())))
                .getMessage());
        EventsServerFaults.of(server).failNextPublishes(0, 500);
        Subscription live = bus.subscribe("example.ping", Delivery.broadcast(), e -> {});
        assertTrue(live.awaitConnected(Fixtures.WAIT));
        EventsServerFaults.of(server).dropStreams();
        Fixtures.await(() -> server.openStreams() == 1, "reconnect");
      }
      try (HttpEventBus bus = HttpEventBus.create(Fixtures.fast(server, narrow, true))) {
        texts.add(failureOf(bus.subscribe("bus.vm.status.request", Delivery.broadcast(), e -> {})));
        texts.add(
            assertThrows(
                    EventBusException.class,
                    () -> bus.publish("bus.vm.status.response", "c", TestPayloads.json(Map.of())))
                .getMessage());
      }
      try (HttpEventBus bus = HttpEventBus.create(Fixtures.fast(server, foreign, true))) {
        texts.add(failureOf(bus.subscribe("example.ping", Delivery.broadcast(), e -> {})));
        texts.add(
            assertThrows(
                    EventBusException.class,
                    () -> bus.publish("example.ping", "c", TestPayloads.json(Map.of())))
                .getMessage());
        texts.add(Fixtures.fast(server, foreign, true).toString());
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("refused the stream"), "the log was captured:\n" + log);
    for (String token : tokens) {
      String signature = token.substring(token.lastIndexOf('.') + 1);
      assertFalse(log.contains(signature), "token in log output:\n" + log);
      for (String text : texts) {
        assertFalse(text.contains(signature), "token in: " + text);
      }
    }
  }

  private static String failureOf(Subscription subscription) throws Exception {
    try {
      subscription.termination().get(5, TimeUnit.SECONDS);
      throw new AssertionError("the subscription should have been refused");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().getMessage() + " " + e.getCause();
    }
  }
}
