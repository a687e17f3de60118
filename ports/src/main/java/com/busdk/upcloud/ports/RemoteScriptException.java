package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** The remote script got no result: nobody answered in time, or the transport broke. */
public class RemoteScriptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    TIMEOUT,
    TRANSPORT
  }

  private final Kind kind;

  public RemoteScriptException(Kind kind, String message) {
    this(kind, message, null);
  }

  public RemoteScriptException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public Kind kind() {
    return kind;
  }
}
