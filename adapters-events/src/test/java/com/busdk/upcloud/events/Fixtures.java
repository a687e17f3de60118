package com.busdk.upcloud.events;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.busdk.upcloud.ports.BusEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared set-up for the adapter tests: fast retry settings and an event inbox. */
final class Fixtures {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final List<String> ALL_SCOPES =
      List.of(
          "events:send",
          "events:listen",
          "vm:read",
          "vm:write",
          "container:read",
          "container:run",
          "container:delete",
          "ssh:run");

  private Fixtures() {}

  static String token(EmbeddedEventsServer server, List<String> scopes) {
    return server.mintToken(
        "bus-integration-upcloud", "ai.hg.fi/api", scopes, Duration.ofMinutes(5));
  }

  static EventsSettings fast(EmbeddedEventsServer server, String token, boolean retry) {
    return new EventsSettings(
        server.baseUrl().toString(),
        token,
        Duration.ofSeconds(2),
        Duration.ofMillis(5),
        retry,
        Duration.ofMillis(20),
        Duration.ofMillis(100),
        Duration.ofSeconds(2));
  }

  static HttpEventBus bus(EmbeddedEventsServer server) {
    return HttpEventBus.create(fast(server, token(server, ALL_SCOPES), true));
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Collects delivered events for the test thread. */
  static final class Inbox {
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
