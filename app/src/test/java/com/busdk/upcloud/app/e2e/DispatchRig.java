package com.busdk.upcloud.app.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.busdk.upcloud.domain.DispatchSettings;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.domain.RequestHandler;
import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.testkit.journal.InMemoryRunJournal;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The request path with nothing faked: the embedded Events API, a worker-side {@link HttpEventBus}
 * with one unicast stream per request name feeding the real {@link RequestDispatcher}, and a
 * requester that posts raw bytes, so it can send what no well-behaved client would.
 */
final class DispatchRig implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final EmbeddedEventsServer events = new EmbeddedEventsServer(0).start();
  final HttpEventBus workerBus;
  final RequestDispatcher dispatcher;
  final List<Subscription> streams = new ArrayList<>();

  /** Answers published so far; guarded by itself, notified on every answer. */
  private final int[] answered = {0};

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String requesterToken;

  DispatchRig(Map<BusEventName, RequestHandler> handlers) throws InterruptedException {
    String workerToken =
        events.mintToken(
            "bus-integration-upcloud",
            EmbeddedEventsServer.API_AUDIENCE,
            EmbeddedEventsServer.DEVELOPMENT_SCOPES,
            Duration.ofHours(1));
    requesterToken =
        events.mintToken(
            "bus-api-provider",
            EmbeddedEventsServer.API_AUDIENCE,
            EmbeddedEventsServer.DEVELOPMENT_SCOPES,
            Duration.ofHours(1));
    workerBus =
        HttpEventBus.create(EventsSettings.of(events.collectionUrl().toString(), workerToken));
    dispatcher =
        new RequestDispatcher(
            workerBus,
            handlers,
            DispatchSettings.defaults(8, "worker-1"),
            TimeSource.system(),
            new InMemoryRunJournal(TimeSource.system()));
    dispatcher.addListener(
        (name, correlationId, outcome) -> {
          synchronized (answered) {
            answered[0]++;
            answered.notifyAll();
          }
        });
    for (String name : dispatcher.requestNames()) {
      Subscription stream =
          workerBus.subscribe(name, Delivery.unicast("fuzz", "worker-1"), dispatcher::accept);
      assertTrue(stream.awaitConnected(WAIT), name + " stream connected");
      streams.add(stream);
    }
  }

  /** Posts exactly these bytes as a publish body; returns the Events API's answer. */
  HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(events.collectionUrl())
            .header("Authorization", "Bearer " + requesterToken)
            .header("Content-Type", "application/json")
            .timeout(WAIT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return post(body.getBytes(UTF_8));
  }

  /** How many answers the dispatcher has published (each after its publish returned). */
  int answered() {
    synchronized (answered) {
      return answered[0];
    }
  }

  /** Waits until the dispatcher has published {@code count} answers in all. */
  void awaitAnswered(int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (answered) {
      while (answered[0] < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("answered " + answered[0] + " of " + count);
        }
        answered.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Every stored event of {@code name}, grouped by correlation id (the server's own record). */
  Map<String, List<BusEvent>> stored(String name) {
    Map<String, List<BusEvent>> byCorrelation = new HashMap<>();
    for (BusEvent event : events.published()) {
      if (event.name().equals(name)) {
        byCorrelation
            .computeIfAbsent(event.correlationId().orElse(""), k -> new ArrayList<>())
            .add(event);
      }
    }
    return byCorrelation;
  }

  @Override
  public void close() {
    dispatcher.close();
    for (Subscription stream : streams) {
      stream.close();
    }
    workerBus.close();
    events.close();
  }
}
