package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.ListenAddress;
import com.busdk.upcloud.app.health.HealthServer;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.app.runtime.WorkerReadiness;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The operator's health listener ({@code --health-listen}) as a service. Installed first, so that
 * it is the first service started and the last stopped: {@code /healthz} answers while the others
 * start, and {@code /readyz} says "stopping" until the end.
 */
public final class HealthModule extends AbstractModule {
  private final ListenAddress address;
  private final Telemetry telemetry;

  public HealthModule(ListenAddress address, Telemetry telemetry) {
    this.address = requireNonNull(address, "address is null");
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
  }

  @Provides
  @Singleton
  HealthServer healthServer(WorkerReadiness readiness) {
    return new HealthServer(address, readiness, telemetry);
  }

  @ProvidesIntoSet
  @Singleton
  Service healthListener(HealthServer server) {
    return new HealthService(server);
  }
}
