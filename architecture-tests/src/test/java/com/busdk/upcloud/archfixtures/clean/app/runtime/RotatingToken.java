package com.busdk.upcloud.archfixtures.clean.app.runtime;

/** A token with a refresh timer. */
public final class RotatingToken {
  public RotatingToken start() {
    return this;
  }

  public void close() {}
}
