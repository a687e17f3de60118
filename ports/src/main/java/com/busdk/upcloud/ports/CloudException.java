package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** A typed cloud provider failure. The message is safe to publish: it never carries a token. */
public class CloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure; decides retries and the error reply type. */
  public enum Kind {
    /** 401: the credential was refused. */
    UNAUTHORIZED,
    /** 403: the credential may not touch this resource. */
    FORBIDDEN,
    NOT_FOUND,
    /** 409, for example SERVER_STATE_ILLEGAL. */
    CONFLICT,
    /** Other 4xx: the request was wrong. */
    BAD_REQUEST,
    /** 429 after retries. */
    RATE_LIMITED,
    /** 5xx after retries, or a malformed response. */
    PROVIDER,
    /** Connection failure after retries. */
    IO,
    /** A name matched more than one server. */
    AMBIGUOUS
  }

  private final Kind kind;
  private final String errorCode;
  private final int httpStatus;

  public CloudException(Kind kind, String errorCode, int httpStatus, String message) {
    this(kind, errorCode, httpStatus, message, null);
  }

  public CloudException(
      Kind kind, String errorCode, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
    this.errorCode = errorCode == null ? "" : errorCode;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  /** The provider error code such as {@code SERVER_STATE_ILLEGAL}, or empty. */
  public String errorCode() {
    return errorCode;
  }

  /** The HTTP status, or 0 when no response was received. */
  public int httpStatus() {
    return httpStatus;
  }

  /** True for the provider's "not now, the server is busy" answer, which callers poll through. */
  public boolean isStateIllegal() {
    return "SERVER_STATE_ILLEGAL".equals(errorCode);
  }
}
