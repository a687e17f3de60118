package com.busdk.upcloud.testkit.ssh;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PayloadException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest {@link EventBus}: every publish is handed, on the publishing thread, to every
 * subscriber of that name. Payloads stay objects; {@code payloadAs} only casts.
 */
final class SynchronousEventBus implements EventBus {
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  @Override
  public CompletableFuture<PublishReceipt> publishAsync(
      String name, String correlationId, EventPayload payload) {
    return CompletableFuture.completedFuture(publish(name, correlationId, payload));
  }

  @Override
  public PublishReceipt publish(String name, String correlationId, EventPayload payload) {
    return publish(name, correlationId, (Object) payload);
  }

  /** Hands any object over as it is, for tests that publish what a requester would send. */
  PublishReceipt publish(String name, String correlationId, Object payload) {
    String id = "evt_" + ids.incrementAndGet();
    Event event = new Event(id, name, correlationId, payload);
    for (Listener listener : listeners) {
      if (listener.name().equals(name) && !listener.closed().isDone()) {
        listener.handler().onEvent(event);
      }
    }
    return new PublishReceipt(id, name);
  }

  @Override
  public Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, StreamOptions options) {
    Listener listener = new Listener(name, handler, new CompletableFuture<>());
    listeners.add(listener);
    return listener;
  }

  @Override
  public void close() {
    listeners.forEach(Listener::close);
  }

  private record Listener(String name, EventHandler handler, CompletableFuture<Void> closed)
      implements Subscription {
    @Override
    public boolean isConnected() {
      return !closed.isDone();
    }

    @Override
    public boolean awaitConnected(Duration timeout) {
      return isConnected();
    }

    @Override
    public CompletableFuture<Void> termination() {
      return closed;
    }

    @Override
    public void close() {
      closed.complete(null);
    }
  }

  private record Event(String id, String name, String correlation, Object payload)
      implements BusEvent {
    @Override
    public Optional<String> correlationId() {
      return Optional.ofNullable(correlation);
    }

    @Override
    public Optional<String> identityId() {
      return Optional.empty();
    }

    @Override
    public Optional<Instant> publishedAt() {
      return Optional.empty();
    }

    @Override
    public <T> T payloadAs(Class<T> type) {
      if (!type.isInstance(payload)) {
        throw new PayloadException("payload is not a " + type.getSimpleName());
      }
      return type.cast(payload);
    }
  }
}
