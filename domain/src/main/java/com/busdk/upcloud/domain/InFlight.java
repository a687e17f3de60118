package com.busdk.upcloud.domain;

import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's requests in flight: a request is in flight from the moment its stream hands it
 * over until its answer is published, whether a thread works on it or it waits as a pending future.
 * Each request name has its own limit, so long runs never hold up a status; one limit across all
 * names bounds what the worker keeps in memory.
 */
final class InFlight {
  private final Map<String, Semaphore> perName = new ConcurrentHashMap<>();
  private final Semaphore total;
  private final Set<Flight> flights = ConcurrentHashMap.newKeySet();
  private final Object drained = new Object();

  InFlight(Set<String> names, int maxPerName, int maxTotal) {
    if (maxTotal < 1) {
      throw new IllegalArgumentException("maxTotal must be at least 1");
    }
    names.forEach(name -> perName.put(name, new Semaphore(maxPerName)));
    this.total = new Semaphore(maxTotal);
  }

  /**
   * Takes a place for one request of {@code name}, waiting while the name or the worker is full:
   * the back-pressure that keeps requests queued on the Events API rather than in memory.
   */
  Flight enter(String name) throws InterruptedException {
    Semaphore limit = perName.get(name);
    limit.acquire();
    try {
      total.acquire();
    } catch (InterruptedException e) {
      limit.release();
      throw e;
    }
    Flight flight = new Flight(name);
    flights.add(flight);
    return flight;
  }

  /** A flight outside the limits, for work the dispatcher starts itself (restart recovery). */
  Flight enterUnbounded() {
    Flight flight = new Flight(null);
    flights.add(flight);
    return flight;
  }

  /** Gives the place back; idempotent. */
  void leave(Flight flight) {
    if (!flights.remove(flight)) {
      return;
    }
    if (flight.name != null) {
      total.release();
      perName.get(flight.name).release();
    }
    synchronized (drained) {
      drained.notifyAll();
    }
  }

  int size() {
    return flights.size();
  }

  /** Waits until nothing is in flight; false when {@code timeout} passed first. */
  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drained) {
      while (!flights.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(drained, left);
      }
      return true;
    }
  }

  /**
   * Cuts every request in flight short: a thread working on one is interrupted, and a pending one
   * is answered with an error at once, so each still publishes its answer before the process exits.
   */
  void interruptAll() {
    for (Flight flight : flights) {
      Thread thread = flight.thread;
      if (thread != null) {
        thread.interrupt();
      }
      flight.outcome.completeExceptionally(
          new WorkerException(ErrorType.PROVIDER_ERROR, "request interrupted by shutdown"));
    }
  }

  /** One request in flight. */
  static final class Flight {
    private final String name;

    /** The handler's answer, or the failure it ends with. */
    final CompletableFuture<EventPayload> outcome = new CompletableFuture<>();

    /** The thread working on the request now; null while it waits as a pending future. */
    volatile Thread thread;

    private Flight(String name) {
      this.name = name;
    }
  }
}
