package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.health.MeteredRemoteScripts;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.runtime.Service;
import com.busdk.upcloud.events.EventsRemoteScripts;
import com.busdk.upcloud.ports.EventBus;
import com.busdk.upcloud.ports.RemoteScripts;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/** Remote scripts through {@code bus-integration-ssh-runner} over the worker's event bus. */
public final class SshRunnerModule extends AbstractModule {
  private final Telemetry telemetry;

  public SshRunnerModule(Telemetry telemetry) {
    this.telemetry = requireNonNull(telemetry, "telemetry is null");
  }

  @Provides
  @Singleton
  EventsRemoteScripts eventsRemoteScripts(EventBus bus, Settings settings) {
    // The response line limit follows the output cap the run script applies on the runner.
    return new EventsRemoteScripts(
        bus,
        EventsRemoteScripts.DEFAULT_MARGIN,
        EventsRemoteScripts.maxResponseBytesFor(settings.state().outputLimitBytes()));
  }

  @ProvidesIntoSet
  @Singleton
  Service sshResponseListener(EventsRemoteScripts scripts) {
    return new SshResponseService(scripts);
  }

  @Provides
  @Singleton
  RemoteScripts remoteScripts(EventsRemoteScripts scripts) {
    return new MeteredRemoteScripts(scripts, telemetry);
  }
}
