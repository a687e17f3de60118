package com.busdk.upcloud.archfixtures.broken.app.runtime;

/** Stands in for the app's token with a refresh timer. */
public final class RotatingToken {
  public RotatingToken start() {
    return this;
  }
}
