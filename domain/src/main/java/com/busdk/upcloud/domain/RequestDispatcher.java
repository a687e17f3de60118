package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request event to its handler on a worker thread and publishes exactly one correlated
 * response: the handler's payload, or an error reply. Each event name has its own limit of requests
 * in flight, so thirty-minute container runs never hold up a VM status.
 */
public final class RequestDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
  private static final String REQUEST_SUFFIX = ".request";

  private final EventBus bus;
  private final Map<String, RequestHandler> handlers;
  private final DispatchSettings settings;
  private final TimeSource time;
  private final AnswerCache answers;
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final List<DispatchListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private volatile boolean accepting = true;

  public RequestDispatcher(
      EventBus bus,
      Map<String, RequestHandler> handlers,
      DispatchSettings settings,
      TimeSource time) {
    this.bus = requireNonNull(bus, "bus is null");
    this.handlers = Map.copyOf(requireNonNull(handlers, "handlers is null"));
    this.settings = requireNonNull(settings, "settings is null");
    this.time = requireNonNull(time, "time is null");
    this.answers = new AnswerCache(settings.rememberedAnswers(), settings.rememberFor());
    for (String name : this.handlers.keySet()) {
      if (!name.endsWith(REQUEST_SUFFIX)) {
        throw new IllegalArgumentException("not a request event name: " + name);
      }
      permits.put(name, new Semaphore(settings.maxInFlightPerName()));
    }
    this.executor = Executors.newCachedThreadPool(new WorkerThreads());
  }

  /** The request names this dispatcher answers. */
  public Set<String> requestNames() {
    return handlers.keySet();
  }

  public void addListener(DispatchListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /**
   * Takes one event from a stream. Blocks the calling stream reader while this event name is at its
   * in-flight limit, which is the back-pressure that keeps requests queued on the Events API rather
   * than in memory.
   */
  public void accept(BusEvent event) {
    RequestHandler handler = handlers.get(event.name());
    if (handler == null) {
      LOG.warn("ignored event name={} id={}: no handler", event.name(), event.id());
      return;
    }
    String correlationId = correlationOf(event);
    if (!accepting) {
      answer(event.name(), correlationId, shuttingDown(), Outcome.error("unavailable"));
      return;
    }
    Semaphore limit = permits.get(event.name());
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer(event.name(), correlationId, shuttingDown(), Outcome.error("unavailable"));
      return;
    }
    try {
      executor.execute(
          () -> {
            running.add(Thread.currentThread());
            try {
              handle(event, correlationId, handler);
            } finally {
              running.remove(Thread.currentThread());
              limit.release();
            }
          });
    } catch (RuntimeException rejected) {
      limit.release();
      answer(event.name(), correlationId, shuttingDown(), Outcome.error("unavailable"));
    }
  }

  /** Handles one event on the calling thread; what {@link #accept} runs on a worker thread. */
  void handle(BusEvent event, String correlationId, RequestHandler handler) {
    String name = event.name();
    Instant started = time.now();
    String key = name + '\n' + correlationId;
    // One INFO line per request, at the answer; the receipt is DEBUG so a busy worker logs half.
    LOG.debug("request received name={} correlation_id={} id={}", name, correlationId, event.id());
    AnswerCache.Claim claim = answers.claim(key, started);
    if (claim instanceof AnswerCache.Running) {
      LOG.info("duplicate ignored name={} correlation_id={}: still running", name, correlationId);
      return;
    }
    if (claim instanceof AnswerCache.Answered previous) {
      LOG.info("duplicate name={} correlation_id={}: answer published again", name, correlationId);
      publish(
          name,
          correlationId,
          event.id(),
          previous.payload(),
          Outcome.ok("replayed"),
          started,
          key);
      return;
    }
    Object payload;
    Outcome outcome;
    Optional<WorkerException> stale = staleness(event, started);
    if (stale.isPresent()) {
      payload = stale.get().toReply();
      outcome = Outcome.error(stale.get().type().wire());
    } else {
      try {
        payload = requireNonNull(handler.handle(new RequestContext(event, correlationId)), "reply");
        outcome = Outcome.ok("ok");
      } catch (WorkerException e) {
        payload = e.toReply();
        outcome = Outcome.error(e.type().wire());
        LOG.debug("request failed name={} correlation_id={}", name, correlationId, e);
      } catch (RuntimeException e) {
        LOG.error("handler failed name={} correlation_id={}", name, correlationId, e);
        payload =
            ErrorReply.of(
                ErrorType.PROVIDER_ERROR, "internal error: " + e.getClass().getSimpleName());
        outcome = Outcome.error(ErrorType.PROVIDER_ERROR.wire());
      }
    }
    answers.answered(key, payload, time.now());
    publish(name, correlationId, event.id(), payload, outcome, started, key);
  }

  private Optional<WorkerException> staleness(BusEvent event, Instant now) {
    Duration maxAge = settings.maxAgeByName().get(event.name());
    if (maxAge == null || event.publishedAt().isEmpty()) {
      return Optional.empty();
    }
    Duration age = Duration.between(event.publishedAt().get(), now);
    if (age.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new WorkerException(
            ErrorType.TIMEOUT,
            "request not executed: it is "
                + age.toSeconds()
                + "s old, over the "
                + maxAge.toSeconds()
                + "s bound for "
                + event.name()));
  }

  private void publish(
      String requestName,
      String correlationId,
      String eventId,
      Object payload,
      Outcome outcome,
      Instant started,
      String key) {
    boolean delivered = answer(requestName, correlationId, payload, outcome);
    if (!delivered) {
      answers.forget(key);
    }
    long millis = Duration.between(started, time.now()).toMillis();
    listeners.forEach(
        l ->
            l.finished(
                requestName,
                delivered ? outcome.text() : "error:unpublished",
                Duration.ofMillis(millis)));
    LOG.info(
        "request answered name={} correlation_id={} id={} outcome={} duration_ms={}",
        requestName,
        correlationId,
        eventId,
        outcome.text(),
        millis);
  }

  private boolean answer(String requestName, String correlationId, Object payload, Outcome o) {
    String responseName = responseNameOf(requestName);
    try {
      bus.publish(responseName, correlationId, payload);
      for (DispatchListener listener : listeners) {
        listener.answered(requestName, correlationId, o.text());
      }
      return true;
    } catch (EventBusException e) {
      LOG.error(
          "response not published name={} correlation_id={}: {}",
          responseName,
          correlationId,
          e.getMessage());
      return false;
    }
  }

  /**
   * Stops taking requests, lets those in flight finish within {@code grace}, then interrupts them
   * so each still publishes its (error) answer before the process exits.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    accepting = false;
    executor.shutdown();
    if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("{} requests still running after the grace period; interrupting", running.size());
      for (Thread t : running) {
        t.interrupt();
      }
      executor.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    try {
      shutdown(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public int inFlight() {
    return running.size();
  }

  public static String responseNameOf(String requestName) {
    return requestName.substring(0, requestName.length() - REQUEST_SUFFIX.length()) + ".response";
  }

  private static String correlationOf(BusEvent event) {
    Optional<String> correlation = event.correlationId().filter(s -> !s.isBlank());
    if (correlation.isPresent()) {
      return correlation.get();
    }
    if (!event.id().isBlank()) {
      LOG.warn(
          "request without correlation id name={}; answering under id={}",
          event.name(),
          event.id());
      return event.id();
    }
    String generated = "uncorrelated-" + UUID.randomUUID();
    LOG.warn(
        "request without correlation id or id name={}; answering under {}",
        event.name(),
        generated);
    return generated;
  }

  private static ErrorReply shuttingDown() {
    return ErrorReply.of(ErrorType.PROVIDER_ERROR, "worker is shutting down; request not executed");
  }

  private record Outcome(String text) {
    static Outcome ok(String text) {
      return new Outcome(text);
    }

    static Outcome error(String type) {
      return new Outcome("error:" + type);
    }
  }

  private static final class WorkerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "bus-request-" + count.incrementAndGet());
      t.setDaemon(false);
      return t;
    }
  }
}
