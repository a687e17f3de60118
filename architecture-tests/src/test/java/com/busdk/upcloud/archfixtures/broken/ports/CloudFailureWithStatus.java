package com.busdk.upcloud.archfixtures.broken.ports;

/** Breaks "the cloud port has no HTTP status": callers would branch on 409 instead of a kind. */
public class CloudFailureWithStatus extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public int httpStatus() {
    return 409;
  }
}
