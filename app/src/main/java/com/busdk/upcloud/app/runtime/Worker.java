package com.busdk.upcloud.app.runtime;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.health.Readiness;
import com.busdk.upcloud.domain.RequestDispatcher;
import com.busdk.upcloud.ports.Delivery;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener loop: one stream per request name feeding the dispatcher, until a stop is asked for,
 * a required stream fails for good, or (with {@code --once}) the first request is answered. With
 * listeners not required ({@code BUS_EVENTS_LISTENER_REQUIRED=false}) a stream that fails for good
 * is logged and reported by {@link #readiness()}, and the others go on.
 */
public final class Worker {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private static final Duration CONNECT_WAIT = Duration.ofSeconds(30);

  private final EventBus bus;
  private final RequestDispatcher dispatcher;
  private final Delivery delivery;
  private final boolean once;
  private final Duration grace;
  private final boolean listenersRequired;
  private final Map<String, String> failed = new ConcurrentHashMap<>();
  private volatile boolean subscribed;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /**
   * @param listenersRequired whether a request stream that fails for good stops the worker
   */
  public Worker(
      EventBus bus,
      RequestDispatcher dispatcher,
      Delivery delivery,
      boolean once,
      Duration grace,
      boolean listenersRequired) {
    this.bus = requireNonNull(bus, "bus is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.delivery = requireNonNull(delivery, "delivery is null");
    this.once = once;
    this.grace = requireNonNull(grace, "grace is null");
    this.listenersRequired = listenersRequired;
  }

  /** Runs until stopped; returns the process exit code. */
  public int run() throws InterruptedException {
    if (once) {
      dispatcher.addListener((name, correlationId, outcome) -> requestStop(ExitCodes.OK));
    }
    int interrupted = dispatcher.recoverInterrupted();
    if (interrupted > 0) {
      LOG.warn("answering {} requests interrupted by the previous stop", interrupted);
    }
    for (String name : new TreeSet<>(dispatcher.requestNames())) {
      Subscription s = bus.subscribe(name, delivery, dispatcher::accept);
      subscriptions.add(s);
      var unused = s.termination().whenComplete((ok, failure) -> onTermination(name, failure));
    }
    subscribed = true;
    awaitConnected();
    stop.await();
    closeStreams();
    dispatcher.shutdown(grace);
    LOG.info("worker stopped exit_code={}", exitCode.get());
    return exitCode.get();
  }

  /** Asks the worker to stop (SIGTERM, {@code --once}); idempotent. */
  public void requestStop(int code) {
    if (stop.getCount() > 0) {
      exitCode.compareAndSet(ExitCodes.OK, code);
      stop.countDown();
    }
  }

  /**
   * The request streams' states now: ready while every one is connected. Not ready before they are
   * opened and once a stop was asked for.
   */
  public Readiness readiness() {
    if (stop.getCount() == 0) {
      return Readiness.notReady("stopping");
    }
    if (!subscribed) {
      return Readiness.notReady("starting: request streams are not open yet");
    }
    Map<String, String> states = new TreeMap<>();
    for (Subscription s : subscriptions) {
      String failure = failed.get(s.name());
      states.put(
          s.name(),
          failure != null
              ? "failed: " + failure
              : s.isConnected() ? Readiness.CONNECTED : Readiness.CONNECTING);
    }
    return Readiness.of(states);
  }

  /** Waits until every stream is connected (the "ready" log line); false on timeout. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void awaitConnected() throws InterruptedException {
    while (stop.getCount() > 0) {
      boolean all = true;
      for (Subscription s : subscriptions) {
        if (failed.containsKey(s.name())) {
          continue;
        }
        if (!s.awaitConnected(CONNECT_WAIT)
            && stop.getCount() > 0
            && !failed.containsKey(s.name())) {
          LOG.warn("stream for {} not connected yet; still retrying", s.name());
          all = false;
        }
      }
      if (all && stop.getCount() > 0) {
        LOG.info(
            "ready: listening to {} event names as consumer {} in group {}",
            subscriptions.size() - failed.size(),
            delivery.consumer() == null ? "(broadcast)" : delivery.consumer(),
            delivery.group() == null ? "(none)" : delivery.group());
        ready.countDown();
        return;
      }
      if (!all) {
        stop.await(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void onTermination(String name, Throwable failure) {
    if (failure == null || stop.getCount() == 0) {
      return;
    }
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (!listenersRequired) {
      failed.put(
          name, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
      LOG.error(
          "stream for {} failed for good: {}; going on without it (BUS_EVENTS_LISTENER_REQUIRED is"
              + " false)",
          name,
          cause.getMessage());
    } else if (cause instanceof EventBusException e && e.isAuthFailure()) {
      LOG.error("stream for {} refused: {}", name, e.getMessage());
      requestStop(ExitCodes.AUTH_REFUSED);
    } else {
      LOG.error("stream for {} failed for good: {}", name, cause.getMessage());
      requestStop(ExitCodes.RUNTIME_FAILURE);
    }
  }

  private void closeStreams() {
    for (Subscription s : subscriptions) {
      s.close();
    }
  }
}
