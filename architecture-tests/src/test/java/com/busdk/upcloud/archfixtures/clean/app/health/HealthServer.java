package com.busdk.upcloud.archfixtures.clean.app.health;

/** The health listener. */
public final class HealthServer {
  public int start() {
    return 0;
  }

  public void close() {}
}
