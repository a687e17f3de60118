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
    return create(fast(server, token(server, ALL_SCOPES), true));
  }

  /** A bus whose streams tell {@link #STREAMS} when they connect and disconnect. */
  static HttpEventBus create(EventsSettings settings) {
    return HttpEventBus.create(settings, EventsToken.fixed(settings.token()), STREAMS);
  }

  /** Told of every connect and disconnect of the buses made here; {@link #await} wakes on them. */
  static final StreamSignals STREAMS = new StreamSignals();

  /**
   * Waits until {@code condition} holds, tested again whenever a stream of a bus made here connects
   * or disconnects: for conditions on stream state, which has no other signal.
   */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    if (!STREAMS.await(condition, WAIT)) {
      throw new AssertionError("timed out waiting for " + what);
    }
  }

  /** A stream observer that wakes the waiters at every change. */
  static final class StreamSignals implements StreamObserver {
    @Override
    public synchronized void connected(String name, boolean reconnect) {
      notifyAll();
    }

    @Override
    public synchronized void disconnected(String name) {
      notifyAll();
    }

    synchronized boolean await(BooleanSupplier condition, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
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
