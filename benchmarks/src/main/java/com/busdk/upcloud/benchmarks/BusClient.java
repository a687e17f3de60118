package com.busdk.upcloud.benchmarks;

import com.busdk.upcloud.events.EmbeddedEventsServer;
import com.busdk.upcloud.events.EventsSettings;
import com.busdk.upcloud.events.HttpEventBus;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.Subscription;
import com.busdk.upcloud.testkit.events.TestPayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requester side of a benchmark: publishes requests over HTTP to the embedded Events API and
 * matches responses on broadcast streams by correlation id, timing each exchange from just before
 * the publish to the moment the response line was read.
 */
final class BusClient implements AutoCloseable {
  /** Every scope the worker and the benchmark use. */
  static final List<String> ALL_SCOPES = EmbeddedEventsServer.DEVELOPMENT_SCOPES;

  private final HttpEventBus bus;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final AtomicLong unmatched = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private final String prefix;

  /** One exchange's answer and its timing. */
  record Reply(BusEvent event, long sentNanos, long receivedNanos) {
    long latencyNanos() {
      return receivedNanos - sentNanos;
    }
  }

  private record Pending(long sentNanos, CompletableFuture<Reply> future) {}

  BusClient(EmbeddedEventsServer server, String subject, String prefix) {
    String token =
        server.mintToken(
            subject, EmbeddedEventsServer.API_AUDIENCE, ALL_SCOPES, Duration.ofHours(2));
    this.bus = HttpEventBus.create(EventsSettings.of(server.collectionUrl().toString(), token));
    this.prefix = prefix;
  }

  static String workerToken(EmbeddedEventsServer server, String subject) {
    return server.mintToken(
        subject, EmbeddedEventsServer.API_AUDIENCE, ALL_SCOPES, Duration.ofHours(2));
  }

  HttpEventBus bus() {
    return bus;
  }

  /**
   * Waits until {@code server} has at least {@code count} open streams. A unicast group exists on
   * the embedded Events API only once a consumer of it connected; requests published before that
   * would reach nobody.
   */
  static void awaitStreams(EmbeddedEventsServer server, int count, Child child)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.openStreams() < count) {
      child.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            child + " opened " + server.openStreams() + " of " + count + " streams in 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** Opens the broadcast stream of a response name and waits until it is connected. */
  void listen(String responseName) throws InterruptedException {
    Subscription s = bus.subscribe(responseName, Delivery.broadcast(), this::onResponse);
    subscriptions.add(s);
    if (!s.awaitConnected(Duration.ofSeconds(30))) {
      throw new IllegalStateException("response stream " + responseName + " did not connect");
    }
  }

  private void onResponse(BusEvent event) {
    long now = System.nanoTime();
    String id = event.correlationId().orElse("");
    Pending p = pending.remove(id);
    if (p == null) {
      unmatched.incrementAndGet();
      return;
    }
    p.future.complete(new Reply(event, p.sentNanos, now));
  }

  /** Publishes one request with a fresh correlation id; the future completes with its answer. */
  CompletableFuture<Reply> request(String requestName, Object payload) {
    String correlationId = prefix + "-" + sequence.incrementAndGet();
    CompletableFuture<Reply> future = new CompletableFuture<>();
    long sent = System.nanoTime();
    pending.put(correlationId, new Pending(sent, future));
    try {
      bus.publish(requestName, correlationId, TestPayloads.json(payload));
    } catch (RuntimeException e) {
      pending.remove(correlationId);
      future.completeExceptionally(e);
    }
    return future;
  }

  /** Responses whose correlation id matched no outstanding request (duplicates, strays). */
  long unmatched() {
    return unmatched.get();
  }

  int outstanding() {
    return pending.size();
  }

  @Override
  public void close() {
    bus.close();
  }
}
