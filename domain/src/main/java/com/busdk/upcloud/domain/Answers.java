package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.AnswerClaim;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.JournalException;
import com.busdk.upcloud.ports.PublishReceipt;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.ports.TimeSource;
import com.busdk.upcloud.ports.WorkerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the dispatcher answers: publishes the one response of a request without waiting for it, keeps
 * the answers of requests that change something in the journal (and forgets the claim of an answer
 * that could not be published, so a redelivery runs again), tells the listeners and logs the one
 * INFO line. Everything after the publish happens when the bus reports its outcome, on the thread
 * that reports it, so no thread waits for the Events API.
 */
final class Answers {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  private final EventBus bus;
  private final RunJournal journal;
  private final TimeSource time;
  private final List<DispatchListener> listeners = new CopyOnWriteArrayList<>();

  Answers(EventBus bus, RunJournal journal, TimeSource time) {
    this.bus = requireNonNull(bus, "bus is null");
    this.journal = requireNonNull(journal, "journal is null");
    this.time = requireNonNull(time, "time is null");
  }

  void addListener(DispatchListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** Keeps the answer for redeliveries; a journal failure is logged, the answer still goes out. */
  void keep(RequestKey key, EventPayload payload) {
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

  /**
   * Answers a request refused before it ran; nothing of it is kept.
   *
   * @return completes once the answer is out or given up (never exceptionally)
   */
  CompletableFuture<Void> refuse(
      String name, String correlationId, String eventId, WorkerException e, Instant started) {
    return publish(
        new RequestKey(name, correlationId),
        eventId,
        e.toReply(),
        Outcome.error(e.type().wire()),
        started,
        false,
        FirstAttempt.ON_A_SENDER);
  }

  /**
   * Publishes the answer of a request whose outcome is known, on the calling request thread,
   * keeping it first when asked.
   */
  CompletableFuture<Void> finish(
      RequestKey key,
      boolean keep,
      String eventId,
      Instant started,
      CompletableFuture<EventPayload> outcome) {
    Reply reply = replyOf(key, outcome);
    if (keep) {
      keep(key, reply.payload());
    }
    return publish(
        key, eventId, reply.payload(), reply.outcome(), started, keep, FirstAttempt.ON_THIS_THREAD);
  }

  /** Where an answer's first publish attempt is made. */
  enum FirstAttempt {
    /** On a thread of the bus's: for callers that must not block (stream readers, callbacks). */
    ON_A_SENDER,
    /**
     * On the calling thread ({@link EventBus#publishHere}): for the dispatcher's own request
     * threads, which would otherwise hand the answer to a sender and go idle.
     */
    ON_THIS_THREAD
  }

  /**
   * Publishes the answer; once the bus reports the outcome, forgets the claim of an answer that
   * could not be published (when asked), tells the listeners and logs it.
   *
   * @param releaseOnFailure forget the journal claim when the answer could not be published
   * @return completes after all of that (never exceptionally)
   */
  CompletableFuture<Void> publish(
      RequestKey key,
      String eventId,
      EventPayload payload,
      Outcome outcome,
      Instant started,
      boolean releaseOnFailure,
      FirstAttempt attempt) {
    boolean here = attempt == FirstAttempt.ON_THIS_THREAD;
    return send(key.requestName(), key.correlationId(), payload, outcome, here)
        .thenAccept(
            delivered -> {
              if (!delivered && releaseOnFailure) {
                release(key);
              }
              finished(key, eventId, delivered, outcome, started);
            })
        .exceptionally(
            failure -> {
              LOG.error(
                  "telling the listeners about name={} correlation_id={} failed",
                  key.requestName(),
                  LogSafe.head(key.correlationId()),
                  failure);
              return null;
            });
  }

  /**
   * Publishes one response; completes with false (logged) when the bus refused it, after telling
   * the listeners of one that went out.
   */
  CompletableFuture<Boolean> send(
      String requestName, String correlationId, EventPayload payload, Outcome o, boolean here) {
    String responseName = RequestDispatcher.responseNameOf(requestName);
    CompletableFuture<PublishReceipt> receipt;
    try {
      receipt =
          here
              ? bus.publishHere(responseName, correlationId, payload)
              : bus.publishAsync(responseName, correlationId, payload);
    } catch (RuntimeException e) {
      receipt = CompletableFuture.failedFuture(e);
    }
    return receipt.handle(
        (published, failure) -> {
          if (failure != null) {
            LOG.error(
                "response not published name={} correlation_id={}: {}",
                responseName,
                LogSafe.head(correlationId),
                Failures.causeOf(failure).getMessage());
            return false;
          }
          for (DispatchListener listener : listeners) {
            listener.answered(requestName, correlationId, o.text());
          }
          return true;
        });
  }

  private void release(RequestKey key) {
    try {
      journal.release(key);
    } catch (JournalException e) {
      LOG.error(
          "run journal failed to release {}: {}",
          LogSafe.head(key.correlationId()),
          e.getMessage());
    }
  }

  private void finished(
      RequestKey key, String eventId, boolean delivered, Outcome outcome, Instant started) {
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

  /**
   * The answer a finished request gets: the handler's payload, or the error reply its failure
   * stands for. A {@link WorkerException} is an expected refusal; anything else is logged and
   * answered as an internal {@code provider_error} without its message.
   */
  static Reply replyOf(RequestKey key, CompletableFuture<EventPayload> outcome) {
    try {
      return new Reply(requireNonNull(outcome.getNow(null), "reply"), Outcome.ok("ok"));
    } catch (RuntimeException thrown) {
      Throwable failure = Failures.causeOf(thrown);
      String logId = LogSafe.head(key.correlationId());
      if (failure instanceof WorkerException e) {
        // An expected refusal: one line, no stack trace.
        LOG.debug(
            "request refused name={} correlation_id={} type={} message={}",
            key.requestName(),
            logId,
            e.type().wire(),
            e.getMessage());
        return new Reply(e.toReply(), Outcome.error(e.type().wire()));
      }
      LOG.error("handler failed name={} correlation_id={}", key.requestName(), logId, failure);
      return new Reply(
          ErrorReply.of(
              ErrorType.PROVIDER_ERROR, "internal error: " + failure.getClass().getSimpleName()),
          Outcome.error(ErrorType.PROVIDER_ERROR.wire()));
    }
  }

  /** The kept answer; the journal keeps what {@link Answers#keep} gave it, or its JSON text. */
  static EventPayload kept(AnswerClaim.Answered previous) {
    return previous.payload() instanceof EventPayload payload
        ? payload
        : ErrorReply.of(ErrorType.PROVIDER_ERROR, "the kept answer cannot be published again");
  }

  /** A payload and the outcome it reports. */
  record Reply(EventPayload payload, Outcome outcome) {}

  /** The outcome word of the log line and the metrics. */
  record Outcome(String text) {
    static Outcome ok(String text) {
      return new Outcome(text);
    }

    static Outcome error(String type) {
      return new Outcome("error:" + type);
    }
  }
}
