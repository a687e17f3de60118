package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** A Bus Events API failure. The message names the event and never carries the token. */
public class EventBusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What failed; {@link #UNAUTHORIZED} and {@link #FORBIDDEN} end the worker with exit code 3. */
  public enum Kind {
    UNAUTHORIZED,
    FORBIDDEN,
    BAD_REQUEST,
    UNAVAILABLE,
    IO
  }

  private final Kind kind;
  private final int httpStatus;

  public EventBusException(Kind kind, int httpStatus, String message) {
    this(kind, httpStatus, message, null);
  }

  public EventBusException(Kind kind, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean isAuthFailure() {
    return kind == Kind.UNAUTHORIZED || kind == Kind.FORBIDDEN;
  }
}
