package com.busdk.upcloud.ports;

/** A payload that cannot be decoded or breaks a rule of its record. */
public class PayloadException extends WorkerException {
  private static final long serialVersionUID = 1L;

  public PayloadException(String message) {
    super(ErrorType.BAD_REQUEST, message);
  }

  public PayloadException(String message, Throwable cause) {
    super(ErrorType.BAD_REQUEST, message, cause);
  }
}
