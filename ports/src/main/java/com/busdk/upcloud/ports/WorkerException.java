package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/**
 * A failure that maps to one error reply. Messages are short, name the cause and never carry a
 * secret, because they are published verbatim.
 */
public class WorkerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorType type;

  public WorkerException(ErrorType type, String message) {
    super(message);
    this.type = requireNonNull(type, "type is null");
  }

  public WorkerException(ErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.type = requireNonNull(type, "type is null");
  }

  public ErrorType type() {
    return type;
  }

  public ErrorReply toReply() {
    return ErrorReply.of(type, getMessage());
  }
}
