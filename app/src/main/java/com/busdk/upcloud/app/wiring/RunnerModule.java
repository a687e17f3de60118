package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.config.ContainerConfig;
import com.busdk.upcloud.app.config.ContainerNetworkMode;
import com.busdk.upcloud.app.config.RunnerConfig;
import com.busdk.upcloud.app.config.Settings;
import com.busdk.upcloud.app.provider.FileSshKeys;
import com.busdk.upcloud.domain.container.ContainerSettings;
import com.busdk.upcloud.domain.container.DeletePolicy;
import com.busdk.upcloud.domain.container.RunnerLifecycle;
import com.busdk.upcloud.domain.container.RunnerSettings;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.RemoteScripts;
import com.busdk.upcloud.ports.ServerSpec;
import com.busdk.upcloud.ports.TimeSource;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.LinkedHashSet;

/** The container runner's lifecycle, shared by container runs and runner admin. */
public final class RunnerModule extends AbstractModule {
  /** The runner name the static provider answers for when none is configured. */
  public static final String STATIC_RUNNER_NAME = "static-runner";

  @Provides
  @Singleton
  ContainerSettings containerSettings(Settings settings) {
    ContainerConfig c = settings.container();
    return new ContainerSettings(
        settings.upcloud().provider().wire(),
        c.codexImage(),
        c.runNetwork(),
        c.runTmpfsSize(),
        c.runReadOnly(),
        c.runUser(),
        c.runWorkdir(),
        c.runTimeout(),
        c.sshUsers(),
        c.sshTarget());
  }

  @Provides
  @Singleton
  RunnerSettings runnerSettings(Settings settings) {
    ContainerConfig c = settings.container();
    RunnerConfig r = settings.runner();
    return new RunnerSettings(
        c.runnerName() == null ? STATIC_RUNNER_NAME : c.runnerName(),
        c.provisioning(),
        c.zone(),
        c.plan(),
        c.os(),
        c.osStorageSizeGb(),
        c.networkMode() == ContainerNetworkMode.PUBLIC
            ? ServerSpec.NetworkMode.PUBLIC
            : ServerSpec.NetworkMode.PRIVATE,
        c.privateNetwork(),
        c.privateIp(),
        new FileSshKeys(c.sshKeys()),
        c.startTimeout(),
        r.sshReadyTimeout(),
        r.sshReadyPollInterval(),
        settings.upcloud().statePollInterval(),
        r.applyNetplan(),
        r.netplanMode().wire(),
        r.dnsServers(),
        c.startTimeout());
  }

  @Provides
  @Singleton
  DeletePolicy deletePolicy(Settings settings) {
    RunnerConfig r = settings.runner();
    return new DeletePolicy(
        r.deleteStopFirst(),
        new LinkedHashSet<>(r.deleteReadyStates()),
        new LinkedHashSet<>(r.transientStates()),
        r.deleteTimeout(),
        r.deletePollInterval(),
        r.deleteStorage());
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
