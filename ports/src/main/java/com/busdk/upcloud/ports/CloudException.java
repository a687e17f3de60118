package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/**
 * A typed cloud provider failure. The message is safe to publish: it never carries a token. The
 * kind says what happened in the worker's terms; how the provider said it (an HTTP status, a wire
 * error code) stays in the adapter.
 */
public class CloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure; decides retries and the error reply type. */
  public enum Kind {
    /** The credential was refused. */
    UNAUTHORIZED,
    /** The credential may not touch this resource. */
    FORBIDDEN,
    NOT_FOUND,
    /**
     * The server is in a state that does not allow this now (it is starting, stopping or in
     * maintenance); the same call may succeed later, so callers poll through it within a bound.
     */
    BUSY,
    /** The request contradicts what exists (attached storage, zone mismatch); not transient. */
    CONFLICT,
    /** The request was wrong. */
    BAD_REQUEST,
    /** The provider asked us to slow down, and kept asking through the retries. */
    RATE_LIMITED,
    /** The provider failed, through the retries, or answered something malformed. */
    PROVIDER,
    /** The provider could not be reached, through the retries. */
    IO,
    /** A name matched more than one server. */
    AMBIGUOUS
  }

  private final Kind kind;
  private final String errorCode;

  public CloudException(Kind kind, String errorCode, String message) {
    this(kind, errorCode, message, null);
  }

  public CloudException(Kind kind, String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
    this.errorCode = errorCode == null ? "" : errorCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The provider's own code such as {@code SERVER_STATE_ILLEGAL}, or empty; for logs only. */
  public String errorCode() {
    return errorCode;
  }

  /** True for the provider's "not now, the server is busy" answer, which callers poll through. */
  public boolean isBusy() {
    return kind == Kind.BUSY;
  }
}
