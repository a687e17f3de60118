package com.busdk.upcloud.testkit;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An {@link EventBus} for unit tests: it records what is published (payload objects as given, no
 * JSON) and lets the test deliver events to subscribers by hand. It can refuse the next publishes.
 */
public final class RecordingEventBus implements EventBus {
  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final Map<String, List<EventHandler>> handlers = new ConcurrentHashMap<>();
  private final AtomicInteger failPublishes = new AtomicInteger();

  /** One recorded publish. */
  public record Published(String name, String correlationId, Object payload) {}

  /** Records at once, on the calling thread; the future is complete when it returns. */
  @Override
  public CompletableFuture<PublishReceipt> publishAsync(
      String name, String correlationId, EventPayload payload) {
    if (failPublishes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(
          new EventBusException(EventBusException.Kind.UNAVAILABLE, "publish refused"));
    }
    synchronized (this) {
      published.add(new Published(name, correlationId, payload));
      notifyAll();
    }
    return CompletableFuture.completedFuture(new PublishReceipt("evt_" + published.size(), name));
  }

  @Override
  public Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, StreamOptions options) {
    handlers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(handler);
    CompletableFuture<Void> termination = new CompletableFuture<>();
    return new Subscription() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean isConnected() {
        return !termination.isDone();
      }

      @Override
      public boolean awaitConnected(Duration timeout) {
        return !termination.isDone();
      }

      @Override
      public CompletableFuture<Void> termination() {
        return termination;
      }

      @Override
      public void close() {
        handlers.getOrDefault(name, List.of()).remove(handler);
        termination.complete(null);
      }
    };
  }

  /** Hands an event to every subscriber of its name, on the calling thread. */
  public void deliver(BusEvent event) {
    for (EventHandler h : handlers.getOrDefault(event.name(), List.of())) {
      h.onEvent(event);
    }
  }

  public void failNextPublishes(int count) {
    failPublishes.set(count);
  }

  public List<Published> published() {
    return List.copyOf(published);
  }

  public List<Published> published(String name) {
    List<Published> out = new ArrayList<>();
    for (Published p : published) {
      if (p.name().equals(name)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Waits until at least {@code count} publishes are recorded; returns them all. */
  public synchronized List<Published> awaitCount(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (published.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            count + " publishes expected within " + timeout + "; got " + published);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return List.copyOf(published);
  }

  /** Waits until a publish matching {@code match} is recorded. */
  public synchronized Published await(Predicate<Published> match, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Published p : published) {
        if (match.test(p)) {
          return p;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching publish within " + timeout + "; got " + published);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  @Override
  public void close() {
    handlers.clear();
  }
}
