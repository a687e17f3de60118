package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventBusException;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
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
 *
 * <p>Requests that change something are claimed in the {@link RunJournal} before they run and their
 * answers kept there, so a redelivery (even after a restart) is answered again rather than executed
 * twice. Reads are never claimed and keep nothing. A restarted worker answers the requests its
 * previous process claimed and never answered ({@link #recoverInterrupted()}).
 */
public final class RequestDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
  private static final String REQUEST_SUFFIX = ".request";

  /** Answers interrupted requests of names no handler serves any more. */
  private static final RequestHandler NO_HANDLER =
      request -> {
        throw new IllegalStateException("no handler");
      };

  private final EventBus bus;
  private final Map<String, RequestHandler> handlers;
  private final DispatchSettings settings;
  private final TimeSource time;
  private final RunJournal journal;
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final List<DispatchListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private volatile boolean accepting = true;

  public RequestDispatcher(
      EventBus bus,
      Map<String, RequestHandler> handlers,
      DispatchSettings settings,
      TimeSource time,
      RunJournal journal) {
    this.bus = requireNonNull(bus, "bus is null");
    this.handlers = Map.copyOf(requireNonNull(handlers, "handlers is null"));
    this.settings = requireNonNull(settings, "settings is null");
    this.time = requireNonNull(time, "time is null");
    this.journal = requireNonNull(journal, "journal is null");
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
    // One INFO line per request, at the answer; the receipt is DEBUG so a busy worker logs half.
    String logId = LogSafe.head(correlationId);
    LOG.debug("request received name={} correlation_id={} id={}", name, logId, event.id());
    Optional<WorkerException> tooLong = correlationTooLong(correlationId);
    if (tooLong.isPresent()) {
      refuse(name, correlationId, event.id(), tooLong.get(), started);
      return;
    }
    RequestKey key = new RequestKey(name, correlationId);
    boolean keep = keepsAnswer(name);
    if (keep) {
      AnswerClaim claim;
      try {
        claim = journal.claim(key, settings.worker(), started);
      } catch (JournalException e) {
        LOG.error("run journal failed name={} correlation_id={}: {}", name, logId, e.getMessage());
        refuse(
            name,
            logId,
            event.id(),
            new WorkerException(
                ErrorType.PROVIDER_ERROR, "request not executed: the run journal is unavailable"),
            started);
        return;
      }
      if (claim instanceof AnswerClaim.Running running) {
        LOG.info(
            "duplicate ignored name={} correlation_id={}: still running on {}",
            name,
            logId,
            running.worker());
        return;
      }
      if (claim instanceof AnswerClaim.Answered previous) {
        LOG.info("duplicate name={} correlation_id={}: answer published again", name, logId);
        publish(key, event.id(), kept(previous), Outcome.ok("replayed"), started, false);
        return;
      }
    }
    EventPayload payload;
    Outcome outcome;
    Optional<WorkerException> stale = staleness(event, started);
    if (stale.isPresent()) {
      payload = stale.get().toReply();
      outcome = Outcome.error(stale.get().type().wire());
    } else {
      try {
        payload =
            requireNonNull(
                handler.handle(new RequestContext(event, correlationId, settings.inputs())),
                "reply");
        outcome = Outcome.ok("ok");
      } catch (WorkerException e) {
        payload = e.toReply();
        outcome = Outcome.error(e.type().wire());
        // An expected refusal: one line, no stack trace.
        LOG.debug(
            "request refused name={} correlation_id={} type={} message={}",
            name,
            logId,
            e.type().wire(),
            e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("handler failed name={} correlation_id={}", name, logId, e);
        payload =
            ErrorReply.of(
                ErrorType.PROVIDER_ERROR, "internal error: " + e.getClass().getSimpleName());
        outcome = Outcome.error(ErrorType.PROVIDER_ERROR.wire());
      }
    }
    if (keep) {
      keepAnswer(key, payload);
    }
    publish(key, event.id(), payload, outcome, started, keep);
  }

  /**
   * Answers, once, every request that a previous process of this worker claimed and never answered:
   * each handler first reconciles what it left behind ({@link RequestHandler#afterRestart()}), then
   * gives the answer ({@link RequestHandler#interrupted}). The claims are read now, before any
   * stream is subscribed; the answers are published on a worker thread, and a redelivery meanwhile
   * finds its claim still running and is not executed.
   *
   * @return how many interrupted requests will be answered
   * @throws JournalException when the journal cannot be read
   */
  public int recoverInterrupted() {
    List<RunJournal.PendingRequest> pending = journal.unanswered(settings.worker());
    if (pending.isEmpty() && handlers.isEmpty()) {
      return 0;
    }
    executor.execute(() -> answerInterrupted(pending));
    return pending.size();
  }

  private void answerInterrupted(List<RunJournal.PendingRequest> pending) {
    Map<RequestHandler, Boolean> reconciled = new IdentityHashMap<>();
    for (RequestHandler handler : handlers.values()) {
      if (reconciled.put(handler, Boolean.TRUE) == null) {
        try {
          handler.afterRestart();
        } catch (RuntimeException e) {
          LOG.error("reconciling after a restart failed: {}", e.getMessage(), e);
        }
      }
    }
    for (RunJournal.PendingRequest request : pending) {
      RequestKey key = request.key();
      RequestHandler handler = handlers.get(key.requestName());
      Instant started = time.now();
      EventPayload payload;
      try {
        payload = (handler == null ? NO_HANDLER : handler).interrupted(key);
      } catch (RuntimeException e) {
        LOG.error("answering interrupted request {} failed", LogSafe.head(key.correlationId()), e);
        payload =
            ErrorReply.of(ErrorType.PROVIDER_ERROR, "request interrupted by a worker restart");
      }
      LOG.warn(
          "answering a request interrupted by a restart name={} correlation_id={}",
          key.requestName(),
          LogSafe.head(key.correlationId()));
      keepAnswer(key, payload);
      publish(key, "", payload, Outcome.ok("recovered"), started, true);
    }
  }

  /** The kept answer; the journal keeps what {@link #keepAnswer} gave it, or its JSON text. */
  private static EventPayload kept(AnswerClaim.Answered previous) {
    return previous.payload() instanceof EventPayload payload
        ? payload
        : ErrorReply.of(ErrorType.PROVIDER_ERROR, "the kept answer cannot be published again");
  }

  private void keepAnswer(RequestKey key, EventPayload payload) {
    try {
      journal.answered(key, payload, time.now());
    } catch (JournalException e) {
      LOG.error(
          "run journal failed to keep the answer of name={} correlation_id={}: {}",
          key.requestName(),
          LogSafe.head(key.correlationId()),
          e.getMessage());
    }
  }

  private void refuse(
      String name, String correlationId, String eventId, WorkerException e, Instant started) {
    publish(
        new RequestKey(name, correlationId),
        eventId,
        e.toReply(),
        Outcome.error(e.type().wire()),
        started,
        false);
  }

  private Optional<WorkerException> correlationTooLong(String correlationId) {
    try {
      InputLimits.requireAtMost(
          "correlationId", correlationId, settings.inputs().correlationIdBytes());
      return Optional.empty();
    } catch (WorkerException e) {
      return Optional.of(e);
    }
  }

  private static boolean keepsAnswer(String requestName) {
    // Names outside the catalogue (an embedding service's own handlers) are kept, to be safe.
    return BusEventName.ofEventName(requestName).map(BusEventName::changesState).orElse(true);
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
      RequestKey key,
      String eventId,
      EventPayload payload,
      Outcome outcome,
      Instant started,
      boolean releaseOnFailure) {
    boolean delivered = answer(key.requestName(), key.correlationId(), payload, outcome);
    if (!delivered && releaseOnFailure) {
      try {
        journal.release(key);
      } catch (JournalException e) {
        LOG.error(
            "run journal failed to release {}: {}",
            LogSafe.head(key.correlationId()),
            e.getMessage());
      }
    }
    long millis = Duration.between(started, time.now()).toMillis();
    listeners.forEach(
        l ->
            l.finished(
                key.requestName(),
                delivered ? outcome.text() : "error:unpublished",
                Duration.ofMillis(millis)));
    LOG.info(
        "request answered name={} correlation_id={} id={} outcome={} duration_ms={}",
        key.requestName(),
        LogSafe.head(key.correlationId()),
        eventId,
        outcome.text(),
        millis);
  }

  private boolean answer(
      String requestName, String correlationId, EventPayload payload, Outcome o) {
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
          LogSafe.head(correlationId),
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
    if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS) && !running.isEmpty()) {
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
