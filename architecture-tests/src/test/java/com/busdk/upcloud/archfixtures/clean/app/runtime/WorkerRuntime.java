package com.busdk.upcloud.archfixtures.clean.app.runtime;

import com.busdk.upcloud.archfixtures.clean.app.health.HealthServer;
import com.google.inject.Injector;

/** The runtime: takes its parts from the injector once, and may bind the health listener early. */
public final class WorkerRuntime {
  private final HealthServer health;

  public WorkerRuntime(Injector injector) {
    this.health = injector.getInstance(HealthServer.class);
  }

  public int startHealth() {
    return health.start();
  }
}
