package com.busdk.upcloud.domain;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.ports.BusEvent;
import com.busdk.upcloud.ports.ErrorType;
import com.busdk.upcloud.ports.RequesterIdentity;
import com.busdk.upcloud.ports.WorkerException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * One request as a handler sees it: the event, the correlation id its reply will carry, the size
 * limits its fields must keep, and where the continuations of an asynchronous answer run.
 *
 * @param continuations the runtime's request executor: an answer that completes on another
 *     component's thread (a stream reader) moves its remaining work here
 */
public record RequestContext(
    BusEvent event, String correlationId, InputLimits limits, Executor continuations) {
  public RequestContext {
    requireNonNull(event, "event is null");
    requireNonNull(correlationId, "correlationId is null");
    requireNonNull(limits, "limits is null");
    requireNonNull(continuations, "continuations is null");
  }

  /** A request whose continuations run on the thread that completes each step. */
  public RequestContext(BusEvent event, String correlationId, InputLimits limits) {
    this(event, correlationId, limits, Runnable::run);
  }

  /** A request under the default input limits. */
  public RequestContext(BusEvent event, String correlationId) {
    this(event, correlationId, InputLimits.defaults());
  }

  public <T> T payload(Class<T> type) {
    return event.payloadAs(type);
  }

  /**
   * The identity the request is made for: payload {@code identity_id} (and its older spellings),
   * then the envelope {@code identity_id}.
   */
  public Optional<String> requester() {
    Optional<String> fromPayload = event.payloadAs(RequesterIdentity.class).resolve();
    Optional<String> identity =
        fromPayload.isPresent() ? fromPayload : event.identityId().filter(s -> !s.isBlank());
    identity.ifPresent(id -> InputLimits.requireAtMost("identity_id", id, limits.identityBytes()));
    return identity;
  }

  /** The requester, or a {@code bad_request} failure when the request names nobody. */
  public String requireRequester() {
    return requester()
        .orElseThrow(() -> new WorkerException(ErrorType.BAD_REQUEST, "identity_id is required"));
  }
}
