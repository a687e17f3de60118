package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Answers.Outcome;
import com.busdk.upcloud.domain.InFlight.Flight;
import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.BusEventName;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request event to its handler and publishes exactly one correlated response: the
 * handler's payload, or an error reply. This class keeps the policy (correlation, idempotency,
 * staleness, limits); the threads belong to the runtime, which passes in the executor and closes
 * it.
 *
 * <p>A request is in flight until it is answered, whether a thread works on it or it waits as a
 * pending future (a container run waiting for the ssh-runner holds no thread). Each event name has
 * its own limit of requests in flight, so thirty-minute container runs never hold up a VM status,
 * and one limit across all names bounds memory.
 *
 * <p>Requests that change something are claimed in the {@link RunJournal} before they run and their
 * answers kept there, so a redelivery (even after a restart) is answered again rather than executed
 * twice. Reads are never claimed and keep nothing. A restarted worker answers the requests its
 * previous process claimed and never answered ({@link #recoverInterrupted()}).
 */
public final class RequestDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
  private static final String REQUEST_SUFFIX = ".request";

  /**
   * The threads of the dispatcher that makes its own ({@link #RequestDispatcher(EventBus, Map,
   * DispatchSettings, TimeSource, RunJournal)}).
   */
  public static final int DEFAULT_THREADS = 16;

  private final Map<String, RequestHandler> handlers;
  private final Set<BusEventName> requests;
  private final DispatchSettings settings;
  private final TimeSource time;
  private final RunJournal journal;
  private final Answers answers;
  private final InFlight inFlight;
  private final Executor executor;
  private final Executor continuations;
  private final ExecutorService ownExecutor;
  private volatile boolean accepting = true;

  /**
   * A dispatcher on the runtime's executor, which the runtime closes after {@link #shutdown}.
   *
   * @param maxInFlightTotal requests in flight across all names at once
   */
  public RequestDispatcher(
      EventBus bus,
      Map<BusEventName, RequestHandler> handlers,
      DispatchSettings settings,
      TimeSource time,
      RunJournal journal,
      Executor executor,
      int maxInFlightTotal) {
    requireNonNull(handlers, "handlers is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.time = requireNonNull(time, "time is null");
    this.journal = requireNonNull(journal, "journal is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.answers = new Answers(bus, journal, time);
    this.ownExecutor = executor instanceof OwnRequestThreads own ? own.pool() : null;
    Map<String, RequestHandler> byName = new HashMap<>();
    handlers.forEach((name, handler) -> byName.put(name.request(), requireNonNull(handler)));
    this.handlers = Map.copyOf(byName);
    this.requests = handlers.isEmpty() ? Set.of() : Set.copyOf(new EnumMap<>(handlers).keySet());
    this.inFlight =
        new InFlight(this.handlers.keySet(), settings.maxInFlightPerName(), maxInFlightTotal);
    // A continuation never gets lost: once the executor refuses work, it runs where it completes.
    this.continuations =
        task -> {
          try {
            executor.execute(task);
          } catch (RejectedExecutionException e) {
            task.run();
          }
        };
  }

  /**
   * A dispatcher with {@link #DEFAULT_THREADS} threads of its own, closed by {@link #shutdown}; its
   * limit across names is the per-name limit times the number of names.
   */
  public RequestDispatcher(
      EventBus bus,
      Map<BusEventName, RequestHandler> handlers,
      DispatchSettings settings,
      TimeSource time,
      RunJournal journal) {
    this(
        bus,
        handlers,
        settings,
        time,
        journal,
        new OwnRequestThreads(),
        settings.maxInFlightPerName() * Math.max(1, handlers.size()));
  }

  /** The request names this dispatcher answers. */
  public Set<String> requestNames() {
    return handlers.keySet();
  }

  /** The request families this dispatcher answers. */
  public Set<BusEventName> requests() {
    return requests;
  }

  public void addListener(DispatchListener listener) {
    answers.addListener(listener);
  }

  /**
   * Takes one event from a stream. Blocks the calling stream reader while this event name, or the
   * worker as a whole, is at its in-flight limit, which is the back-pressure that keeps requests
   * queued on the Events API rather than in memory. What needs no handler (a correlation id over
   * its limit, a worker shutting down) is answered here without a hand-off; the rest runs on the
   * executor, so a slow handler never holds the reader.
   */
  public void accept(BusEvent event) {
    RequestHandler handler = handlers.get(event.name());
    if (handler == null) {
      LOG.warn("ignored event name={} id={}: no handler", event.name(), event.id());
      return;
    }
    String correlationId = RequestChecks.correlationOf(event);
    if (!accepting) {
      refuseUnavailable(event.name(), correlationId);
      return;
    }
    Optional<WorkerException> tooLong = RequestChecks.correlationTooLong(correlationId, settings);
    if (tooLong.isPresent()) {
      Flight flight = inFlight.enterUnbounded();
      leaveWhenDone(
          flight,
          answers.refuse(event.name(), correlationId, event.id(), tooLong.get(), time.now()));
      return;
    }
    Flight flight;
    try {
      flight = inFlight.enter(event.name());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refuseUnavailable(event.name(), correlationId);
      return;
    }
    try {
      executor.execute(() -> start(flight, event, correlationId, handler));
    } catch (RejectedExecutionException rejected) {
      inFlight.leave(flight);
      refuseUnavailable(event.name(), correlationId);
    }
  }

  /** Answers that the worker takes no more requests; in flight until the answer is out. */
  private void refuseUnavailable(String name, String correlationId) {
    Flight flight = inFlight.enterUnbounded();
    leaveWhenDone(
        flight,
        answers.send(
            name,
            correlationId,
            RequestChecks.shuttingDown(),
            Outcome.error("unavailable"),
            false));
  }

  /** Gives the place back once {@code answered} completes, however it completes. */
  private void leaveWhenDone(Flight flight, CompletableFuture<?> answered) {
    var unused = answered.whenComplete((ok, failed) -> inFlight.leave(flight));
  }

  /** Starts one request on the calling thread; its place is given back once its answer is out. */
  private void start(Flight flight, BusEvent event, String correlationId, RequestHandler handler) {
    flight.thread = Thread.currentThread();
    try {
      leaveWhenDone(flight, begin(flight, event, correlationId, handler));
    } catch (RuntimeException | Error e) {
      inFlight.leave(flight);
      throw e;
    } finally {
      flight.thread = null;
    }
  }

  /**
   * Replays or runs the request.
   *
   * @return completes once the request is answered (or ignored as a duplicate still running)
   */
  private CompletableFuture<Void> begin(
      Flight flight, BusEvent event, String correlationId, RequestHandler h) {
    String name = event.name();
    Instant started = time.now();
    // One INFO line per request, at the answer; the receipt is DEBUG so a busy worker logs half.
    String logId = LogSafe.head(correlationId);
    LOG.debug("request received name={} correlation_id={} id={}", name, logId, event.id());
    RequestKey key = new RequestKey(name, correlationId);
    boolean keep = RequestChecks.keepsAnswer(name);
    if (keep) {
      CompletableFuture<Void> answered = answeredWithoutRunning(key, event.id(), logId, started);
      if (answered != null) {
        return answered;
      }
    }
    Optional<WorkerException> stale = RequestChecks.staleness(event, started, settings);
    if (stale.isPresent()) {
      flight.outcome.completeExceptionally(stale.get());
    } else {
      try {
        RequestContext context =
            new RequestContext(event, correlationId, settings.inputs(), continuations);
        var answer = h.answer(context); // cancelled when shutdown cuts the request short
        answer.whenComplete(
            (payload, failure) -> {
              if (failure == null) {
                flight.outcome.complete(payload);
              } else {
                flight.outcome.completeExceptionally(failure);
              }
            });
        var unused =
            flight.outcome.whenComplete((p, f) -> answer.toCompletableFuture().cancel(false));
      } catch (RuntimeException e) {
        flight.outcome.completeExceptionally(e);
      }
    }
    CompletableFuture<EventPayload> outcome = flight.outcome;
    if (outcome.isDone()) {
      return answers.finish(key, keep, event.id(), started, outcome);
    }
    // The outcome may come on another component's thread (a stream reader): answer from ours.
    return outcome
        .handleAsync((ok, failed) -> key, continuations)
        .thenCompose(k -> answers.finish(k, keep, event.id(), started, outcome));
  }

  /**
   * Claims a request that changes something.
   *
   * @return null when it is claimed and runs; else completes once it is answered without running (a
   *     kept answer published again, a journal failure) or ignored (still running elsewhere)
   */
  private CompletableFuture<Void> answeredWithoutRunning(
      RequestKey key, String eventId, String logId, Instant started) {
    String name = key.requestName();
    AnswerClaim claim;
    try {
      claim = journal.claim(key, settings.worker(), started);
    } catch (JournalException e) {
      LOG.error("run journal failed name={} correlation_id={}: {}", name, logId, e.getMessage());
      return answers.refuse(
          name,
          logId,
          eventId,
          new WorkerException(
              ErrorType.PROVIDER_ERROR, "request not executed: the run journal is unavailable"),
          started);
    }
    if (claim instanceof AnswerClaim.Running running) {
      LOG.info(
          "duplicate ignored name={} correlation_id={}: still running on {}",
          name,
          logId,
          running.worker());
      return CompletableFuture.completedFuture(null);
    }
    if (claim instanceof AnswerClaim.Answered previous) {
      LOG.info("duplicate name={} correlation_id={}: answer published again", name, logId);
      return answers.publish(
          key,
          eventId,
          Answers.kept(previous),
          Outcome.ok("replayed"),
          started,
          false,
          Answers.FirstAttempt.ON_THIS_THREAD);
    }
    return null;
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
    Flight flight = inFlight.enterUnbounded();
    try {
      executor.execute(
          () -> {
            flight.thread = Thread.currentThread();
            try {
              leaveWhenDone(
                  flight, new InterruptedAnswers(handlers, answers, time).answer(pending));
            } catch (RuntimeException | Error e) {
              inFlight.leave(flight);
              throw e;
            } finally {
              flight.thread = null;
            }
          });
    } catch (RejectedExecutionException e) {
      inFlight.leave(flight);
      throw e;
    }
    return pending.size();
  }

  /**
   * Stops taking requests and gives those in flight {@code grace} to be answered; then cuts the
   * rest short (a working thread is interrupted, a pending answer becomes an error) so each still
   * publishes its answer before the process exits. A request is in flight until the bus reports its
   * answer published (or given up), so when this returns every answer is out and the journal may
   * close. A dispatcher with threads of its own closes them.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    accepting = false;
    if (!inFlight.awaitEmpty(grace)) {
      LOG.warn("{} requests still running after the grace period; interrupting", inFlight.size());
      inFlight.interruptAll();
      inFlight.awaitEmpty(Duration.ofSeconds(5));
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
      ownExecutor.awaitTermination(5, TimeUnit.SECONDS);
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

  /** Requests taken and not yet answered: working on a thread or waiting as pending futures. */
  public int inFlight() {
    return inFlight.size();
  }

  public static String responseNameOf(String requestName) {
    return requestName.substring(0, requestName.length() - REQUEST_SUFFIX.length()) + ".response";
  }
}
