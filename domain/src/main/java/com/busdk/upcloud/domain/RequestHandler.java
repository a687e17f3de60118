package com.busdk.upcloud.domain;

import com.busdk.upcloud.ports.ErrorReply;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.EventPayload;
import com.busdk.upcloud.ports.RunJournal;

/**
 * Handles one request event name. Returns the success payload (a record from the ports package);
 * throws {@link com.busdk.upcloud.ports.WorkerException} for a failure reply. Any other exception
 * becomes a {@code provider_error} reply: the dispatcher never lets a handler kill the worker.
 */
@FunctionalInterface
public interface RequestHandler {
  EventPayload handle(RequestContext request);

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
}
