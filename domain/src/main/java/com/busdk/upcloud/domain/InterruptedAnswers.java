package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.domain.Answers.Outcome;
import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.RunJournal;
import com.busdk.upcloud.ports.RunJournal.RequestKey;
import com.busdk.upcloud.ports.TimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers a restarted worker gives to the requests its previous process claimed and never
 * answered: every handler reconciles first, then each request gets its handler's answer once.
 */
final class InterruptedAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  /** Answers interrupted requests of names no handler serves any more. */
  private static final RequestHandler NO_HANDLER =
      request -> {
        throw new IllegalStateException("no handler");
      };

  private final Map<String, RequestHandler> handlers;
  private final Answers answers;
  private final TimeSource time;

  InterruptedAnswers(Map<String, RequestHandler> handlers, Answers answers, TimeSource time) {
    this.handlers = requireNonNull(handlers, "handlers is null");
    this.answers = requireNonNull(answers, "answers is null");
    this.time = requireNonNull(time, "time is null");
  }

  /**
   * Reconciles, then publishes each answer without waiting for it.
   *
   * @return completes once every answer is out or given up
   */
  CompletableFuture<Void> answer(List<RunJournal.PendingRequest> pending) {
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
    List<CompletableFuture<Void>> published = new ArrayList<>();
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
      answers.keep(key, payload);
      published.add(
          answers.publish(
              key,
              "",
              payload,
              Outcome.ok("recovered"),
              started,
              true,
              Answers.FirstAttempt.ON_A_SENDER));
    }
    return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new));
  }
}
