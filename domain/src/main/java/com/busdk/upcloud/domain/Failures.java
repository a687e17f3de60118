package com.busdk.upcloud.domain;

import com.busdk.upcloud.ports.CloudException;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.WorkerException;

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
}
