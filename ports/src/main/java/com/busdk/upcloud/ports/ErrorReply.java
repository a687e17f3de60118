package com.busdk.upcloud.ports;

import static java.util.Objects.requireNonNull;

/** Failure payload: {@code {"error":{"type":"…","message":"…"}}}. */
public record ErrorReply(ErrorBody error) implements EventPayload {
  public ErrorReply {
    requireNonNull(error, "error is null");
  }

  public static ErrorReply of(ErrorType type, String message) {
    return new ErrorReply(new ErrorBody(type.wire(), message));
  }

  /** The error object; {@code type} is one of {@link ErrorType#wire()}. */
  public record ErrorBody(String type, String message) {
    public ErrorBody {
      requireNonNull(type, "type is null");
      requireNonNull(message, "message is null");
    }
  }
}
