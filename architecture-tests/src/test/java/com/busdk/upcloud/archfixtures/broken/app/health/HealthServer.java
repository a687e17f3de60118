package com.busdk.upcloud.archfixtures.broken.app.health;

/** Stands in for the app's health listener. */
public final class HealthServer {
  public int start() {
    return 0;
  }
}
