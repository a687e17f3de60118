package com.busdk.upcloud.app.wiring;

import com.busdk.upcloud.app.health.MeteredCloudServers;
import com.busdk.upcloud.app.health.MeteredRemoteScripts;
import com.busdk.upcloud.app.health.Telemetry;
import com.busdk.upcloud.app.provider.StaticCloudServers;
import com.busdk.upcloud.app.provider.StaticReachability;
import com.busdk.upcloud.app.provider.StaticRemoteScripts;
import com.busdk.upcloud.ports.CloudServers;
import com.busdk.upcloud.ports.Reachability;
import com.busdk.upcloud.ports.RemoteScripts;
import com.google.inject.AbstractModule;

/** The {@code static} provider: deterministic answers with no network. */
public final class StaticProviderModule extends AbstractModule {
  private final Telemetry telemetry;
  private final String runnerName;
  private final String vmName;

  /**
   * @param telemetry null for no metrics
   * @param runnerName the runner whose state is recorded; null when the mode has none
   * @param vmName the VM whose state is recorded; null when the mode has none
   */
  public StaticProviderModule(Telemetry telemetry, String runnerName, String vmName) {
    this.telemetry = telemetry;
    this.runnerName = runnerName;
    this.vmName = vmName;
  }

  @Override
  protected void configure() {
    CloudServers servers = new StaticCloudServers();
    RemoteScripts scripts = new StaticRemoteScripts();
    if (telemetry != null) {
      servers = new MeteredCloudServers(servers, telemetry, runnerName, vmName);
      scripts = new MeteredRemoteScripts(scripts, telemetry);
    }
    bind(CloudServers.class).toInstance(servers);
    bind(Reachability.class).toInstance(new StaticReachability());
    bind(RemoteScripts.class).toInstance(scripts);
  }
}
