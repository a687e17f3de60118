package com.busdk.upcloud.app.wiring;

import static java.util.Objects.requireNonNull;

import com.busdk.upcloud.app.health.MeteredCloudServers;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ssh.Reachabilities.ProbeKind;
import com.busdk.upcloud.ssh.SshModule;
import com.busdk.upcloud.upcloud.UpCloudCallListener;
import com.busdk.upcloud.upcloud.UpCloudServers;
import com.busdk.upcloud.upcloud.UpCloudSettings;
import com.busdk.upcloud.upcloud.UpCloudToken;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The {@code upcloud} provider: UpCloud API 1.3 for servers and TCP probes for SSH readiness.
 * Scripts go through {@link SshRunnerModule}, which needs an event bus. With telemetry, every
 * UpCloud exchange is counted and the runner's and VM's states are recorded.
 */
public final class UpCloudProviderModule extends AbstractModule {
  private final UpCloudSettings settings;
  private final UpCloudToken token;
  private final Telemetry telemetry;
  private final String runnerName;
  private final String vmName;

  /**
   * @param telemetry null for no metrics
   * @param runnerName the runner whose state is recorded; null when the mode has none
   * @param vmName the VM whose state is recorded; null when the mode has none
   */
  public UpCloudProviderModule(
      UpCloudSettings settings,
      UpCloudToken token,
      Telemetry telemetry,
      String runnerName,
      String vmName) {
    this.settings = requireNonNull(settings, "settings is null");
    this.token = requireNonNull(token, "token is null");
    this.telemetry = telemetry;
    this.runnerName = runnerName;
    this.vmName = vmName;
  }

  @Override
  protected void configure() {
    bind(UpCloudSettings.class).toInstance(settings);
    install(new SshModule(ProbeKind.TCP));
  }

  @Provides
  @Singleton
  CloudServers cloudServers() {
    if (telemetry == null) {
      return UpCloudServers.create(settings, token, UpCloudCallListener.NONE);
    }
    return new MeteredCloudServers(
        UpCloudServers.create(settings, token, telemetry::upcloudCall),
        telemetry,
        runnerName,
        vmName);
  }
}
