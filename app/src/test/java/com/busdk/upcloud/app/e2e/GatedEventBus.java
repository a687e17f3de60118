package com.busdk.upcloud.app.e2e;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker's event bus whose request streams a test can close and open again one event name at a
 * time, so that of two replicas in one delivery group exactly the chosen one takes a request. The
 * worker sees one subscription per name throughout: pausing is not the end of its subscription.
 */
final class GatedEventBus implements EventBus {
  private static final Duration CONNECT = Duration.ofSeconds(10);

  private final EventBus inner;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();

  GatedEventBus(EventBus inner) {
    this.inner = requireNonNull(inner, "inner is null");
  }

  @Override
  public CompletableFuture<PublishReceipt> publishAsync(
      String name, String correlationId, EventPayload payload) {
    return inner.publishAsync(name, correlationId, payload);
  }

  @Override
  public Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, StreamOptions options) {
    Gate gate = new Gate(name, delivery, handler);
    gates.put(name, gate);
    return gate;
  }

  /** Closes the stream of {@code name}; its events go to the group's other consumers. */
  void pause(String name) {
    gate(name).pause();
  }

  /** Opens the stream of {@code name} again and waits until it is connected. */
  void resume(String name) throws InterruptedException {
    gate(name).resume();
  }

  private Gate gate(String name) {
    Gate gate = gates.get(name);
    if (gate == null) {
      throw new IllegalStateException("nothing subscribed to " + name);
    }
    return gate;
  }

  @Override
  public void close() {
    gates.values().forEach(Gate::close);
    inner.close();
  }

  private final class Gate implements Subscription {
    private final String name;
    private final Delivery delivery;
    private final EventHandler handler;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private Subscription current;

    Gate(String name, Delivery delivery, EventHandler handler) {
      this.name = name;
      this.delivery = delivery;
      this.handler = handler;
      this.current = inner.subscribe(name, delivery, handler);
    }

    synchronized void pause() {
      if (current != null) {
        current.close();
        current = null;
      }
    }

    void resume() throws InterruptedException {
      Subscription opened;
      synchronized (this) {
        if (current != null) {
          return;
        }
        opened = inner.subscribe(name, delivery, handler);
        current = opened;
      }
      if (!opened.awaitConnected(CONNECT)) {
        throw new IllegalStateException("the " + name + " stream did not connect again");
      }
    }

    private synchronized Subscription current() {
      return current;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean isConnected() {
      Subscription s = current();
      return s != null && s.isConnected();
    }

    @Override
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
      Subscription s = current();
      return s != null && s.awaitConnected(timeout);
    }

    @Override
    public CompletableFuture<Void> termination() {
      return termination;
    }

    @Override
    public void close() {
      pause();
      termination.complete(null);
    }
  }
}
