package com.busdk.upcloud.app.config;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.provider.FileSshKeys;
import com.busdk.upcloud.domain.container.ContainerSettings;
import com.busdk.upcloud.domain.container.RunnerSettings;

/** The settings the domain's container mode uses, built by name from the loaded configuration. */
public final class DomainSettings {
  /** The runner name the static provider answers for when none is configured. */
  public static final String STATIC_RUNNER_NAME = "static-runner";

  private DomainSettings() {}

  /**
   * The runner: which server, how a new one looks, and the bounds of every wait on it. The start
   * timeout bounds bootstrap as well, so no bootstrap timeout of its own is set.
   */
  public static RunnerSettings runner(Settings settings) {
    requireNonNull(settings, "settings is null");
    ContainerConfig c = settings.container();
    ContainerConfig.NewRunner created = c.newRunner();
    RunnerConfig r = settings.runner();
    return RunnerSettings.builder(
            c.runnerName() == null ? STATIC_RUNNER_NAME : c.runnerName(), c.provisioning())
        .zone(created.zone())
        .plan(created.plan())
        .osTemplate(created.os())
        .osStorageSizeGb(created.osStorageSizeGb())
        .networkMode(created.networkMode())
        .privateNetwork(created.privateNetwork())
        .privateIp(created.privateIp())
        .sshKeys(new FileSshKeys(created.sshKeys()))
        .startTimeout(c.startTimeout())
        .sshReadyTimeout(r.readiness().timeout())
        .sshReadyPollInterval(r.readiness().pollInterval())
        .statePollInterval(settings.upcloud().statePollInterval())
        .applyNetplan(r.bootstrap().applyNetplan())
        .netplanMode(r.bootstrap().netplanMode())
        .dnsServers(r.bootstrap().dnsServers())
        .build();
  }

  /** How disposable containers run, and how the runner is reached for them. */
  public static ContainerSettings container(Settings settings) {
    requireNonNull(settings, "settings is null");
    ContainerConfig.Runs runs = settings.container().runs();
    ContainerConfig.Ssh ssh = settings.container().ssh();
    return ContainerSettings.builder(settings.upcloud().provider().wire(), runs.codexImage())
        .runNetwork(runs.network())
        .tmpfsSize(runs.tmpfsSize())
        .readOnly(runs.readOnly())
        .runUser(runs.user())
        .workdir(runs.workdir())
        .runTimeout(runs.timeout())
        .sshUsers(ssh.users())
        .sshTarget(ssh.target())
        .build();
  }
}
