package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.RunJournal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Handles one request event name. Returns the success payload (a record from the ports package);
 * throws {@link com.busdk.upcloud.ports.WorkerException} for a failure reply. Any other exception
 * becomes a {@code provider_error} reply: the dispatcher never lets a handler kill the worker.
 *
 * <p>A handler whose answer waits on something outside (a container run waiting for the ssh-runner)
 * overrides {@link #answer} instead, so the wait is a pending future and holds no thread; {@link
 * #async} makes one.
 */
@FunctionalInterface
public interface RequestHandler {
  EventPayload handle(RequestContext request);

  /**
   * The answer, now or later. The dispatcher always calls this; by default it is {@link #handle} on
   * the calling thread. A failed stage is answered like a thrown exception.
   */
  default CompletionStage<? extends EventPayload> answer(RequestContext request) {
    return CompletableFuture.completedFuture(handle(request));
  }

  /**
   * Called once when the worker starts, before {@link #interrupted} is asked, so a handler can
   * reconcile what a previous process of this worker left behind.
   */
  default void afterRestart() {}

  /**
   * The answer for a request that a previous process of this worker took and never answered. By
   * default an error saying so: whether it took effect is unknown.
   */
  default EventPayload interrupted(RunJournal.RequestKey key) {
    return ErrorReply.of(
        ErrorType.PROVIDER_ERROR,
        "request interrupted: the worker restarted before answering it; it may or may not have"
            + " taken effect");
  }

  /**
   * This handler with {@code change} applied to each successful answer, keeping it asynchronous and
   * keeping its restart behaviour.
   */
  default RequestHandler mapAnswer(UnaryOperator<EventPayload> change) {
    requireNonNull(change, "change is null");
    RequestHandler inner = this;
    return new RequestHandler() {
      @Override
      public EventPayload interrupted(RunJournal.RequestKey key) {
        return inner.interrupted(key);
      }

      @Override
      public void afterRestart() {
        inner.afterRestart();
      }

      @Override
      public EventPayload handle(RequestContext request) {
        return change.apply(inner.handle(request));
      }

      @Override
      public CompletionStage<? extends EventPayload> answer(RequestContext request) {
        return inner.answer(request).thenApply(change::apply);
      }
    };
  }

  /** A handler whose answer is a future; {@link #handle} waits for it on the calling thread. */
  static RequestHandler async(
      Function<RequestContext, ? extends CompletionStage<? extends EventPayload>> answer) {
    requireNonNull(answer, "answer is null");
    return new RequestHandler() {
      @Override
      public EventPayload handle(RequestContext request) {
        return Failures.join(answer.apply(request).toCompletableFuture());
      }

      @Override
      public CompletionStage<? extends EventPayload> answer(RequestContext request) {
        return answer.apply(request);
      }
    };
  }
}
