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

  public EventBusException(Kind kind, String message) {
    this(kind, message, null);
  }

  public EventBusException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public Kind kind() {
    return kind;
  }

  public boolean isAuthFailure() {
    return kind == Kind.UNAUTHORIZED || kind == Kind.FORBIDDEN;
  }
}
