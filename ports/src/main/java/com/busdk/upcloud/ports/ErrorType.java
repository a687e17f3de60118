package com.busdk.upcloud.ports;

/** The error classes a failure reply may carry. */
public enum ErrorType {
  BAD_REQUEST("bad_request"),
  FORBIDDEN("forbidden"),
  NOT_FOUND("not_found"),
  CONFLICT("conflict"),
  PROVIDER_ERROR("provider_error"),
  TIMEOUT("timeout"),
  UNSUPPORTED("unsupported");

  private final String wire;

  ErrorType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
