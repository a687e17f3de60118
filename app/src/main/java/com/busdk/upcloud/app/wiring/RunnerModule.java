package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.DomainSettings;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.domain.container.ContainerSettings;
import com.busdk.upcloud.domain.container.DeletePolicy;
import com.busdk.upcloud.domain.container.RunnerLifecycle;
import com.busdk.upcloud.domain.container.RunnerSettings;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/** The container runner's lifecycle, shared by container runs and runner admin. */
public final class RunnerModule extends AbstractModule {
  /** The runner name the static provider answers for when none is configured. */
  public static final String STATIC_RUNNER_NAME = DomainSettings.STATIC_RUNNER_NAME;

  @Provides
  @Singleton
  ContainerSettings containerSettings(Settings settings) {
    return DomainSettings.container(settings);
  }

  @Provides
  @Singleton
  RunnerSettings runnerSettings(Settings settings) {
    return DomainSettings.runner(settings);
  }

  @Provides
  @Singleton
  DeletePolicy deletePolicy(Settings settings) {
    return settings.runner().delete();
  }

  @Provides
  @Singleton
  RunnerLifecycle runnerLifecycle(
      CloudServers cloud,
      Reachability reachability,
      RemoteScripts scripts,
      TimeSource time,
      RunnerSettings runner,
      ContainerSettings container,
      DeletePolicy policy) {
    return new RunnerLifecycle(cloud, reachability, scripts, time, runner, container, policy);
  }
}
