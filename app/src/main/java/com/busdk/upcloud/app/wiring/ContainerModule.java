package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.domain.InputLimits;
import com.busdk.upcloud.domain.container.ContainerHandlers;
import com.busdk.upcloud.domain.container.ContainerRuns;
import com.busdk.upcloud.domain.container.ContainerSettings;
import com.busdk.upcloud.domain.container.RunPolicy;
import com.busdk.upcloud.domain.container.RunnerLifecycle;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.RunJournal;
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
      RunnerLifecycle runner,
      RemoteScripts scripts,
      RunJournal journal,
      ContainerSettings container,
      Settings settings,
      TimeSource time) {
    RunPolicy policy =
        new RunPolicy(
            InputLimits.defaults(),
            settings.state().outputLimitBytes(),
            settings.events().group(),
            settings.events().consumer(),
            RunPolicy.DEFAULT_MAX_STATUS_ITEMS);
    return new ContainerRuns(runner, scripts, journal, container, policy, time);
  }

  @ProvidesIntoSet
  HandlerSet containerHandlers(ContainerRuns runs) {
    return new HandlerSet("containers", new ContainerHandlers(runs).handlers());
  }
}
