package com.busdk.upcloud.domain;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.WorkerException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns provider failures into the error replies callers see, naming the step that failed. */
public final class Failures {
  private Failures() {}

  /**
   * Maps a cloud failure met while doing {@code step} (for example "runner create") to a reply. The
   * provider message is kept: it names the cause and the adapter keeps secrets out of it.
   */
  public static WorkerException fromCloud(String step, CloudException e) {
    ErrorType type =
        switch (e.kind()) {
          case NOT_FOUND -> ErrorType.NOT_FOUND;
          case CONFLICT, BUSY -> ErrorType.CONFLICT;
          case FORBIDDEN, UNAUTHORIZED -> ErrorType.FORBIDDEN;
          case BAD_REQUEST, AMBIGUOUS -> ErrorType.BAD_REQUEST;
          case RATE_LIMITED, PROVIDER, IO -> ErrorType.PROVIDER_ERROR;
        };
    return new WorkerException(type, step + " failed: " + e.getMessage(), e);
  }

  public static WorkerException timeout(String message) {
    return new WorkerException(ErrorType.TIMEOUT, message);
  }

  /** Restores the interrupt flag and reports the request as cut short by shutdown. */
  public static WorkerException interrupted(String step) {
    Thread.currentThread().interrupt();
    return new WorkerException(ErrorType.PROVIDER_ERROR, step + " interrupted by shutdown");
  }

  /** The failure a future's wrapper exceptions carry. */
  public static Throwable causeOf(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * Waits for {@code future} on the calling thread and rethrows its failure as it was thrown: for
   * the blocking forms of asynchronous use cases.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = causeOf(e);
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }
}
