package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.TimeSource;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Polls without holding a thread between rounds: a round runs, and unless it ends the wait a timer
 * entry ({@link TimeSource#after}) brings the next one onto the caller's executor.
 *
 * <p>Pauses that are over at once (a self-advancing test clock) are looped through rather than
 * nested, so a wait of thousands of rounds never deepens the stack.
 *
 * @param <T> what the wait ends with
 */
public final class Polling<T> {
  /** One round of a wait. */
  @FunctionalInterface
  public interface Round<T> {
    /**
     * Polls once.
     *
     * @param first true for the first round, which runs on the thread that started the wait
     * @return the outcome, or empty to poll again after the interval
     * @throws Exception to end the wait with that failure (a deadline passed, a call failed)
     */
    Optional<T> next(boolean first) throws Exception;
  }

  private final TimeSource time;
  private final Duration interval;
  private final Executor continuations;
  private final Round<T> round;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  /** The pause in progress, cancelled when the result is completed or cancelled first. */
  private volatile CompletableFuture<Void> pause;

  private Polling(TimeSource time, Duration interval, Executor continuations, Round<T> round) {
    this.time = requireNonNull(time, "time is null");
    this.interval = requireNonNull(interval, "interval is null");
    this.continuations = requireNonNull(continuations, "continuations is null");
    this.round = requireNonNull(round, "round is null");
  }

  /**
   * Runs {@code round} now on the calling thread, then every {@code interval} on {@code
   * continuations} until it gives an outcome or fails. Cancelling the returned future stops the
   * polling and drops the pending timer entry. An executor that refuses a round fails the wait with
   * its {@link RejectedExecutionException}.
   */
  public static <T> CompletableFuture<T> poll(
      TimeSource time, Duration interval, Executor continuations, Round<T> round) {
    return new Polling<>(time, interval, continuations, round).start();
  }

  private CompletableFuture<T> start() {
    var unused =
        result.whenComplete(
            (ok, failed) -> {
              CompletableFuture<Void> current = pause;
              if (current != null) {
                current.cancel(false);
              }
            });
    run(true);
    return result;
  }

  private void run(boolean first) {
    boolean firstRound = first;
    while (!result.isDone()) {
      Optional<T> outcome;
      try {
        outcome = round.next(firstRound);
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
        return;
      }
      if (outcome.isPresent()) {
        result.complete(outcome.get());
        return;
      }
      firstRound = false;
      CompletableFuture<Void> next = time.after(interval);
      if (!next.isDone()) {
        pause = next;
        var unused = next.whenComplete((ok, failed) -> resume(failed));
        return;
      }
    }
  }

  /** After a pause: the next round, on the caller's executor; a cancelled pause ends nothing. */
  private void resume(Throwable failed) {
    if (result.isDone()) {
      return;
    }
    if (failed != null) {
      result.completeExceptionally(failed);
      return;
    }
    try {
      continuations.execute(() -> run(false));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
  }
}
