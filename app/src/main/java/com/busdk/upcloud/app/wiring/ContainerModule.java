package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.domain.container.ContainerHandlers;
import com.busdk.upcloud.domain.container.ContainerRuns;
import com.busdk.upcloud.domain.container.ContainerSettings;
import com.busdk.upcloud.domain.container.RunRegistry;
import com.busdk.upcloud.domain.container.RunnerLifecycle;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/** Container mode: disposable runs on the runner, isolated per identity. */
public final class ContainerModule extends AbstractModule {
  @Provides
  @Singleton
  ContainerRuns containerRuns(
      RunnerLifecycle runner, RemoteScripts scripts, ContainerSettings settings, TimeSource time) {
    return new ContainerRuns(runner, scripts, new RunRegistry(settings, time), settings, time);
  }

  @ProvidesIntoSet
  HandlerSet containerHandlers(ContainerRuns runs) {
    return new HandlerSet("containers", new ContainerHandlers(runs).handlers());
  }
}
