package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus's threads do not follow its load: a burst of publishes is answered by the same few sender
 * threads (no thread started per publish), and the HTTP client keeps to its fixed pool.
 */
@Timeout(60)
class HttpEventBusThreadsTest {
  private final EmbeddedEventsServer server = new EmbeddedEventsServer(0).start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aBurstOfPublishesIsCompletedByTheFewSenderThreads() throws Exception {
    int count = 1000;
    Set<String> completedOn = ConcurrentHashMap.newKeySet();
    try (HttpEventBus bus = Fixtures.bus(server)) {
      List<CompletableFuture<PublishReceipt>> receipts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        receipts.add(
            bus.publishAsync("burst.response", "burst-" + i, TestPayloads.json(Map.of("n", i)))
                .whenComplete((ok, failed) -> completedOn.add(Thread.currentThread().getName())));
      }
      CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new)).get();

      Set<String> stored = new HashSet<>();
      for (BusEvent event : server.published()) {
        stored.add(event.correlationId().orElseThrow());
      }
      assertEquals(count, stored.size(), "every publish stored once");
      assertEquals(count, server.published().size());
      assertTrue(
          completedOn.size() <= BusThreads.SENDER_THREADS
              && completedOn.stream().allMatch(name -> name.startsWith("events-publish-")),
          "completed on " + completedOn);
      Set<String> clientThreads = liveThreads("events-http-");
      assertTrue(
          clientThreads.size() <= BusThreads.CLIENT_THREADS,
          "HTTP client threads " + clientThreads);
    }
  }

  @Test
  void everyPublishTakenBeforeCloseStillGoesOut() throws Exception {
    int count = 200;
    List<CompletableFuture<PublishReceipt>> receipts = new ArrayList<>();
    try (HttpEventBus bus = Fixtures.bus(server)) {
      for (int i = 0; i < count; i++) {
        receipts.add(
            bus.publishAsync("closing.response", "c-" + i, TestPayloads.json(Map.of("n", i))));
      }
    }

    CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new)).get();
    assertEquals(count, server.published().size());
  }

  @Test
  void publishHereMakesTheFirstAttemptOnTheCallersThreadWithoutAHandOff() throws Exception {
    try (HttpEventBus bus = Fixtures.bus(server)) {
      CompletableFuture<PublishReceipt> receipt =
          bus.publishHere("here.response", "here-1", TestPayloads.json(Map.of()));
      assertTrue(receipt.isDone(), "answered before publishHere returned");
      assertEquals("here-1", server.published().get(0).correlationId().orElseThrow());
    }
  }

  @Test
  void anInterruptedCallerStillGetsItsAnswerOutThroughASender() throws Exception {
    try (HttpEventBus bus = Fixtures.bus(server)) {
      Thread.currentThread().interrupt();
      CompletableFuture<PublishReceipt> receipt;
      try {
        receipt = bus.publishHere("here.response", "cut-short", TestPayloads.json(Map.of()));
      } finally {
        assertTrue(Thread.interrupted(), "the caller's interrupt is left as it was");
      }
      receipt.get();
      assertEquals("cut-short", server.published().get(0).correlationId().orElseThrow());
    }
  }

  private static Set<String> liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toSet());
  }
}
