package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.runtime.Service;

/** The health listener as a service: binds on start (unless bound early), closes on stop. */
final class HealthService implements Service {
  private final HealthServer server;

  HealthService(HealthServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  @Override
  public String name() {
    return "health listener";
  }

  @Override
  public void start() {
    server.start();
  }

  @Override
  public void stop() {
    server.close();
  }
}
