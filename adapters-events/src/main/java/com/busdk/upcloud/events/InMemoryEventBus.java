package com.busdk.upcloud.events;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventHandler;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.StreamOptions;
import com.busdk.upcloud.ports.Subscription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventBus} inside the JVM with the semantics of the Events API: broadcast to every
 * subscriber, unicast to one consumer per group (round-robin), groups independent. A unicast group
 * claims the events of its name published before it first subscribed (the bus keeps a bounded
 * history for that), and a group whose consumers are all gone queues events until one returns.
 * Every event goes through the JSON envelope, so handlers see exactly what they would see over
 * HTTP.
 */
public final class InMemoryEventBus implements EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);

  static final int HISTORY_LIMIT = 10_000;

  private final EventCodec codec = new EventCodec();
  private final String identityId;
  private final Object lock = new Object();
  private final Map<String, List<MemorySubscription>> broadcast = new HashMap<>();
  private final Map<GroupKey, Group> groups = new HashMap<>();
  private final Deque<Published> history = new ArrayDeque<>();
  private boolean closed;

  /** A bus whose events carry no publisher identity. */
  public InMemoryEventBus() {
    this(null);
  }

  /**
   * A bus that stamps {@code identityId} on every event, as the Events API stamps the publisher.
   */
  public InMemoryEventBus(String identityId) {
    this.identityId = identityId;
  }

  /** Publishes at once, on the calling thread; the future is complete when it returns. */
  @Override
  public CompletableFuture<PublishReceipt> publishAsync(
      String name, String correlationId, EventPayload payload) {
    return CompletableFuture.completedFuture(publish(name, correlationId, payload));
  }

  @Override
  public PublishReceipt publish(String name, String correlationId, EventPayload payload) {
    requireNonNull(name, "name is null");
    ObjectNode envelope = codec.readObject(codec.writeEnvelope(name, correlationId, payload));
    String id = EventIds.next();
    ObjectNode delivered = envelope.objectNode();
    delivered.put("id", id);
    delivered.setAll(envelope);
    if (identityId != null) {
      delivered.put("identity_id", identityId);
    }
    delivered.put("time", Instant.now().toString());
    dispatch(name, codec.writeLine(delivered));
    return new PublishReceipt(id, name);
  }

  /**
   * Delivers one raw stream line to the subscribers of {@code name}, for tests of malformed input:
   * a line that is not a JSON object is skipped by each subscriber, as over HTTP.
   */
  public void publishRaw(String name, String rawEnvelopeJsonLine) {
    requireNonNull(name, "name is null");
    requireNonNull(rawEnvelopeJsonLine, "rawEnvelopeJsonLine is null");
    dispatch(name, rawEnvelopeJsonLine);
  }

  /**
   * Subscribes; the line limit and the reconnect listener of {@code options} are not used, since
   * the bus never drops a subscriber and keeps events of any size.
   */
  @Override
  public Subscription subscribe(
      String name, Delivery delivery, EventHandler handler, StreamOptions options) {
    requireNonNull(options, "options is null");
    requireNonNull(name, "name is null");
    requireNonNull(delivery, "delivery is null");
    requireNonNull(handler, "handler is null");
    MemorySubscription subscription = new MemorySubscription(name, delivery, handler);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("event bus is closed");
      }
      if (delivery.mode() == Delivery.Mode.BROADCAST) {
        broadcast.computeIfAbsent(name, key -> new ArrayList<>()).add(subscription);
      } else {
        Group group = groups.computeIfAbsent(new GroupKey(name, delivery.group()), this::newGroup);
        group.consumers.add(subscription);
        while (!group.queued.isEmpty()) {
          subscription.offer(group.queued.pollFirst());
        }
      }
    }
    subscription.thread.start();
    return subscription;
  }

  /** The events of {@code name} in the bounded history, oldest first; never waits. */
  @Override
  public int replay(String name, StreamOptions options, Duration timeout, EventHandler handler) {
    requireNonNull(name, "name is null");
    requireNonNull(handler, "handler is null");
    List<String> lines = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("event bus is closed");
      }
      for (Published event : history) {
        if (event.name().equals(name)) {
          lines.add(event.line());
        }
      }
    }
    int handed = 0;
    for (String line : lines) {
      Optional<BusEvent> event =
          EventsApiAnswers.parse(codec, new NdjsonStream.Line(line, false, 0), name, "replayed ");
      if (event.isPresent()) {
        handler.onEvent(event.get());
        handed++;
      }
    }
    return handed;
  }

  @Override
  public void close() {
    List<MemorySubscription> all = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      broadcast.values().forEach(all::addAll);
      groups.values().forEach(group -> all.addAll(group.consumers));
    }
    all.forEach(MemorySubscription::close);
  }

  private Group newGroup(GroupKey key) {
    Group group = new Group();
    for (Published event : history) {
      if (event.name().equals(key.name())) {
        group.queued.addLast(event.line());
      }
    }
    return group;
  }

  private void dispatch(String name, String line) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("event bus is closed");
      }
      history.addLast(new Published(name, line));
      if (history.size() > HISTORY_LIMIT) {
        history.removeFirst();
      }
      for (MemorySubscription subscription : broadcast.getOrDefault(name, List.of())) {
        subscription.offer(line);
      }
      for (Map.Entry<GroupKey, Group> entry : groups.entrySet()) {
        if (entry.getKey().name().equals(name)) {
          entry.getValue().deliver(line);
        }
      }
    }
  }

  private void remove(MemorySubscription subscription, List<String> undelivered) {
    synchronized (lock) {
      if (subscription.delivery.mode() == Delivery.Mode.BROADCAST) {
        List<MemorySubscription> list = broadcast.get(subscription.name);
        if (list != null) {
          list.remove(subscription);
        }
        return;
      }
      Group group = groups.get(new GroupKey(subscription.name, subscription.delivery.group()));
      if (group != null) {
        group.consumers.remove(subscription);
        if (!closed) {
          // What the closed consumer had not handled yet still belongs to its group.
          undelivered.forEach(group::deliver);
        }
      }
    }
  }

  private record GroupKey(String name, String group) {}

  private record Published(String name, String line) {}

  /** A unicast group: its live consumers, a round-robin cursor, and events nobody could take. */
  private static final class Group {
    final List<MemorySubscription> consumers = new ArrayList<>();
    final Deque<String> queued = new ArrayDeque<>();
    int next;

    void deliver(String line) {
      if (consumers.isEmpty()) {
        queued.addLast(line);
        return;
      }
      next = (next + 1) % consumers.size();
      consumers.get(next).offer(line);
    }
  }

  private final class MemorySubscription implements Subscription {
    private static final String STOP = new String("stop");

    final String name;
    final Delivery delivery;
    final EventHandler handler;
    final LinkedBlockingQueue<String> mailbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> termination = new CompletableFuture<>();
    final Thread thread;
    volatile boolean closed;

    MemorySubscription(String name, Delivery delivery, EventHandler handler) {
      this.name = name;
      this.delivery = delivery;
      this.handler = handler;
      this.thread = new Thread(this::run, "memory-events-" + name);
      this.thread.setDaemon(true);
    }

    void offer(String line) {
      mailbox.add(line);
    }

    private void run() {
      try {
        while (!closed) {
          String line = mailbox.take();
          if (line == STOP) {
            break;
          }
          deliver(line);
        }
      } catch (InterruptedException e) {
        // close() interrupts a waiting delivery thread; that is the normal end.
      }
      termination.complete(null);
    }

    private void deliver(String line) {
      EventsApiAnswers.deliver(codec, new NdjsonStream.Line(line, false, 0), name, handler);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean isConnected() {
      return !closed;
    }

    @Override
    public boolean awaitConnected(Duration timeout) {
      return !closed;
    }

    @Override
    public CompletableFuture<Void> termination() {
      return termination;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      List<String> undelivered = new ArrayList<>();
      mailbox.drainTo(undelivered);
      undelivered.removeIf(line -> line == STOP);
      remove(this, undelivered);
      mailbox.add(STOP);
      if (Thread.currentThread() != thread) {
        try {
          thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      termination.complete(null);
    }

    @Override
    public String toString() {
      return "MemorySubscription[" + name + ", " + delivery.mode().wire() + "]";
    }
  }
}
